"""NcSparse peer benchmark: softmax(s Q K^T + causal mask) V in NumPy and PyTorch, fp32, one head.

Usage: python3 attention_peer.py REPS SHAPE...   with SHAPE = n,d,causal(0|1)
The thread count comes from the environment (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS), set by the
Java runner before this process starts. Prints one JSON object per line:
  {"peer": ..., "n": .., "d": .., "causal": .., "ms": median, "min_ms": fastest run}
and first a line {"info": ...} naming the versions and the BLAS library actually mapped.
"""
import json, os, sys, time


def median(xs):
    xs = sorted(xs)
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else 0.5 * (xs[m - 1] + xs[m])


def timed(fn, reps):
    """(median, min) wall milliseconds of reps runs after one warm-up run."""
    fn()  # warm-up (allocations, thread pool start)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1e3)
    return median(ts), min(ts)


def report(peer, n, d, causal, fn, reps):
    med, best = timed(fn, reps)
    print(json.dumps({"peer": peer, "n": n, "d": d, "causal": bool(causal), "ms": med, "min_ms": best}), flush=True)


def mapped_blas():
    """The BLAS shared objects this process has mapped (after a matmul ran)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if any(s in p for s in ("blas", "lapack", "mkl")):
                libs.add(os.path.realpath(p))
    return sorted(libs)


def main():
    reps = int(sys.argv[1])
    shapes = [tuple(int(x) for x in s.split(",")) for s in sys.argv[2:]]
    import numpy as np
    info = {"numpy": np.__version__, "threads": os.environ.get("OPENBLAS_NUM_THREADS")}
    try:
        import torch
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        sdpa = getattr(torch.nn.functional, "scaled_dot_product_attention", None)
        info["torch_sdpa"] = sdpa is not None
    except ImportError:
        torch = None
    np.ones((64, 64), np.float32) @ np.ones((64, 64), np.float32)
    info["blas"] = mapped_blas()
    print(json.dumps({"info": info}), flush=True)

    for n, d, causal in shapes:
        rng = np.random.default_rng(1)
        q, k, v = (rng.standard_normal((n, d), dtype=np.float32) for _ in range(3))
        s = np.float32(1 / np.sqrt(d))
        mask = np.triu(np.full((n, n), -np.inf, np.float32), 1) if causal else None

        def np_attention():
            a = (q * s) @ k.T
            if mask is not None:
                a += mask
            a -= a.max(axis=1, keepdims=True)
            np.exp(a, out=a)
            a /= a.sum(axis=1, keepdims=True)
            return a @ v

        report("numpy", n, d, causal, np_attention, reps)
        if torch is None:
            continue
        tq, tk, tv = (torch.from_numpy(x) for x in (q, k, v))
        tmask = torch.from_numpy(mask) if causal else None

        def torch_attention():
            with torch.no_grad():
                a = (tq * float(s)) @ tk.T
                if tmask is not None:
                    a += tmask
                return torch.softmax(a, dim=-1) @ tv

        report("torch", n, d, causal, torch_attention, reps)
        if info.get("torch_sdpa"):
            f = torch.nn.functional.scaled_dot_product_attention
            qs, ks, vs = (x.view(1, 1, n, d) for x in (tq, tk, tv))

            def torch_sdpa():
                with torch.no_grad():
                    return f(qs, ks, vs, is_causal=bool(causal))

            report("torch-sdpa", n, d, causal, torch_sdpa, reps)
        del mask, tmask


if __name__ == "__main__":
    main()
