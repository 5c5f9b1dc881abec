#!/usr/bin/python3
"""Independent NumPy reference for Llama-family decoders (Llama 2/3, Mistral, Qwen2), and a generator
of small random models the Java tests load.

The reference follows the Hugging Face transformers definitions (float64 throughout):
  x = embed[ids]
  per layer:  h = rmsnorm(x) * w_in;  q, k, v = h Wq^T + bq, h Wk^T + bk, h Wv^T + bv
              q, k = rope(q), rope(k)   (rotate_half: pairs (i, i + d/2))
              a = softmax(q k^T / sqrt(d) + causal mask) v   (or top-k per row, see below)
              x += a Wo^T;  h = rmsnorm(x) * w_post;  x += (silu(h Wg^T) * (h Wu^T)) Wd^T
  logits = rmsnorm(x) * w_norm  Wout^T        (Wout = embed when embeddings are tied)
Top-k attention: row i sees n = i + 1 keys and keeps the k(n) largest logits (ties: lower index
first), softmax over the kept keys only. Budgets: fixed:K and power:ALPHA,C (k = clamp(ceil(ALPHA n^C), 1, n)).

Usage: llama_reference.py --out DIR --config NAME --format hf-f32|hf-bf16|gguf-f32|gguf-q8_0|gguf-q4_0
                          --seed S --prompt-len P --steps N [--budget SPEC]
Writes the model into DIR and DIR/expected.json:
  seed       the seed used (the first seed >= S whose top-k choices and greedy argmaxes have margins
             far above float32 rounding, so the comparison is not decided by rounding)
  prompt     token ids; logits: exact logits at every position of prompt + greedy tokens
  greedy     N greedy tokens after the prompt; topk_logits: the same positions with top-k attention
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

CONFIGS = {
    # GQA: 4 query heads share 2 kv heads
    "gqa": dict(model_type="llama", heads=4, kv_heads=2, tied=False, bias=False, rope_theta=10000.0, rope_scaling=None),
    # tied embeddings: no lm_head, the output projection is the embedding
    "tied": dict(model_type="llama", heads=4, kv_heads=4, tied=True, bias=False, rope_theta=10000.0, rope_scaling=None),
    # Qwen2: q/k/v biases, large rope base
    "qwen2": dict(model_type="qwen2", heads=4, kv_heads=2, tied=False, bias=True, rope_theta=1000000.0, rope_scaling=None),
    # Llama 3 rope scaling with a tiny original context so that all three frequency bands occur
    "llama3": dict(model_type="llama", heads=4, kv_heads=1, tied=True, bias=False, rope_theta=500000.0,
                   rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                     original_max_position_embeddings=16)),
    # YaRN with an original context of 256: with head dim 16 its ramp spans pairs 0..4 and cos/sin scale by 1.14
    "yarn": dict(model_type="llama", heads=4, kv_heads=2, tied=False, bias=False, rope_theta=10000.0,
                 rope_scaling=dict(rope_type="yarn", factor=4.0, original_max_position_embeddings=256)),
    # Mistral: Llama layout, sliding window larger than the test context
    "mistral": dict(model_type="mistral", heads=4, kv_heads=2, tied=False, bias=False, rope_theta=10000.0, rope_scaling=None,
                    sliding_window=4096),
}
HIDDEN, LAYERS, HEAD_DIM, FFN, VOCAB = 64, 2, 16, 128, 256


def hf_config(name):
    c = CONFIGS[name]
    cfg = {"model_type": c["model_type"], "hidden_size": HIDDEN, "num_hidden_layers": LAYERS,
           "num_attention_heads": c["heads"], "num_key_value_heads": c["kv_heads"], "intermediate_size": FFN,
           "vocab_size": VOCAB, "rms_norm_eps": 1e-5, "rope_theta": c["rope_theta"], "max_position_embeddings": 2048,
           "tie_word_embeddings": c["tied"], "hidden_act": "silu", "bos_token_id": 1, "eos_token_id": 2}
    if c["rope_scaling"]:
        cfg["rope_scaling"] = c["rope_scaling"]
    if "sliding_window" in c:
        cfg["sliding_window"] = c["sliding_window"]
    return cfg


def random_weights(cfg, rng):
    """HF-named float32 tensors: matrices N(0, 1/in) so activations stay O(1), norms around 1."""
    h, q_dim = cfg["hidden_size"], cfg["num_attention_heads"] * HEAD_DIM
    kv_dim = cfg["num_key_value_heads"] * HEAD_DIM

    def mat(out_dim, in_dim, gain=1.0):
        return (rng.standard_normal((out_dim, in_dim)) * gain / math.sqrt(in_dim)).astype(np.float32)

    def norm(n):
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    t = {"model.embed_tokens.weight": rng.standard_normal((VOCAB, h)).astype(np.float32), "model.norm.weight": norm(h)}
    bias = has_qkv_bias(cfg)
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        t[p + "input_layernorm.weight"] = norm(h)
        t[p + "post_attention_layernorm.weight"] = norm(h)
        t[p + "self_attn.q_proj.weight"] = mat(q_dim, h, 2.0)  # gain 2: peakier attention rows
        t[p + "self_attn.k_proj.weight"] = mat(kv_dim, h, 2.0)
        t[p + "self_attn.v_proj.weight"] = mat(kv_dim, h)
        t[p + "self_attn.o_proj.weight"] = mat(h, q_dim)
        if bias:
            t[p + "self_attn.q_proj.bias"] = (0.5 * rng.standard_normal(q_dim)).astype(np.float32)
            t[p + "self_attn.k_proj.bias"] = (0.5 * rng.standard_normal(kv_dim)).astype(np.float32)
            t[p + "self_attn.v_proj.bias"] = (0.5 * rng.standard_normal(kv_dim)).astype(np.float32)
        t[p + "mlp.gate_proj.weight"] = mat(FFN, h)
        t[p + "mlp.up_proj.weight"] = mat(FFN, h)
        t[p + "mlp.down_proj.weight"] = mat(h, FFN)
    if not cfg["tie_word_embeddings"]:
        t["lm_head.weight"] = mat(VOCAB, h, 4.0)
    return t


def has_qkv_bias(cfg):
    return cfg["model_type"] == "qwen2"


# ------------------------------------------------------------------ reference forward pass

def inv_freq(cfg):
    d = cfg.get("head_dim", cfg["hidden_size"] // cfg["num_attention_heads"])
    inv = 1.0 / (cfg["rope_theta"] ** (np.arange(0, d, 2, dtype=np.float64) / d))
    s = cfg.get("rope_scaling")
    if s and s["rope_type"] == "llama3":  # transformers' _compute_llama3_parameters
        factor, low, high = s["factor"], s["low_freq_factor"], s["high_freq_factor"]
        old = s["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old / low, old / high
        wavelen = 2 * math.pi / inv
        scaled = np.where(wavelen > low_wavelen, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * scaled / factor + smooth * scaled
        medium = ~(wavelen < high_wavelen) & ~(wavelen > low_wavelen)
        inv = np.where(medium, smoothed, scaled)
    elif s and s["rope_type"] == "yarn":  # transformers' _compute_yarn_parameters (truncate = True)
        factor = s["factor"]
        old = s.get("original_max_position_embeddings", cfg["max_position_embeddings"])

        def pair_turning(rotations):  # pair index whose wavelength fits `rotations` times into old
            return (d * math.log(old / (rotations * 2 * math.pi))) / (2 * math.log(cfg["rope_theta"]))
        low = max(math.floor(pair_turning(s.get("beta_fast", 32))), 0)
        high = min(math.ceil(pair_turning(s.get("beta_slow", 1))), d - 1)
        if low == high:
            high += 0.001
        ramp = np.clip((np.arange(d // 2, dtype=np.float64) - low) / (high - low), 0, 1)
        keep = 1 - ramp  # share of the extrapolated (unscaled) frequency
        inv = inv / factor * (1 - keep) + inv * keep
    return inv


def rope_magnitude(cfg):
    """YaRN multiplies cos and sin by its attention factor (default 0.1 ln(factor) + 1)."""
    s = cfg.get("rope_scaling")
    if s and s["rope_type"] == "yarn":
        return s.get("attention_factor", 0.1 * math.log(s["factor"]) + 1.0)
    return 1.0


def rope(x, positions, inv):
    """x: [T, heads, d]; HF rotate_half convention."""
    ang = positions[:, None].astype(np.float64) * inv[None, :]
    cos = np.concatenate([np.cos(ang), np.cos(ang)], axis=-1)[:, None, :]
    sin = np.concatenate([np.sin(ang), np.sin(ang)], axis=-1)[:, None, :]
    half = x.shape[-1] // 2
    rotated = np.concatenate([-x[..., half:], x[..., :half]], axis=-1)
    return x * cos + rotated * sin


def rmsnorm(x, w, eps):
    return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * w


def budget_k(spec, n):
    kind, args = spec.split(":")
    if kind == "fixed":
        return max(1, min(n, int(args)))
    alpha, c = (float(a) for a in args.split(","))
    return max(1, min(n, math.ceil(alpha * n ** c - 1e-9)))


def forward(cfg, t, ids, budget=None, margins=None):
    """Logits [T, vocab] for every position of ids. margins (a list) collects, per top-k row, the gap
    between the k-th and (k+1)-th largest logit."""
    w = {k: v.astype(np.float64) for k, v in t.items()}
    T, H, KVH = len(ids), cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d, eps, group = cfg["hidden_size"] // H, cfg["rms_norm_eps"], H // KVH
    inv, pos = inv_freq(cfg), np.arange(T)
    x = w["model.embed_tokens.weight"][ids]
    mask = np.triu(np.full((T, T), -np.inf), 1)
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        h = rmsnorm(x, w[p + "input_layernorm.weight"], eps)
        q = h @ w[p + "self_attn.q_proj.weight"].T + w.get(p + "self_attn.q_proj.bias", 0)
        k = h @ w[p + "self_attn.k_proj.weight"].T + w.get(p + "self_attn.k_proj.bias", 0)
        v = h @ w[p + "self_attn.v_proj.weight"].T + w.get(p + "self_attn.v_proj.bias", 0)
        q = rope(q.reshape(T, H, d), pos, inv) * rope_magnitude(cfg)
        k = rope(k.reshape(T, KVH, d), pos, inv) * rope_magnitude(cfg)
        v = v.reshape(T, KVH, d)
        out = np.zeros((T, H, d))
        for hh in range(H):
            g = hh // group
            s = q[:, hh, :] @ k[:, g, :].T / math.sqrt(d) + mask
            if budget is not None:
                for r in range(T):
                    n = r + 1
                    kk = budget_k(budget, n)
                    order = np.argsort(-s[r, :n], kind="stable")
                    if margins is not None and kk < n:
                        margins.append(s[r, order[kk - 1]] - s[r, order[kk]])
                    drop = order[kk:]
                    s[r, drop] = -np.inf
            a = np.exp(s - s.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            out[:, hh, :] = a @ v[:, g, :]
        x = x + out.reshape(T, H * d) @ w[p + "self_attn.o_proj.weight"].T
        h = rmsnorm(x, w[p + "post_attention_layernorm.weight"], eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "mlp.down_proj.weight"].T
    out_w = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return rmsnorm(x, w["model.norm.weight"], eps) @ out_w.T


def greedy(cfg, t, prompt, steps, margins):
    ids = list(prompt)
    for _ in range(steps):
        last = forward(cfg, t, ids)[-1]
        top2 = np.sort(last)[-2:]
        margins.append(top2[1] - top2[0])
        ids.append(int(np.argmax(last)))
    return ids[len(prompt):]


# ------------------------------------------------------------------ writers (the formats module's ncsparse_formats)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ncsparse_formats  # noqa: E402


def stored(a, ttype):
    """The float32 values a tensor stands for once written as ttype (BF16 rounding, Q8_0 blocks)."""
    return ncsparse_formats.encode(a, ttype)[1].astype(np.float32)


def permute_for_gguf(w, heads):
    """llama.cpp's converter: reorder the rows of Wq/Wk (and bq/bk) per head from halves (i, i+d/2)
    to interleaved pairs (2i, 2i+1)."""
    shape = w.shape
    return w.reshape(heads, 2, shape[0] // heads // 2, *shape[1:]).swapaxes(1, 2).reshape(shape)


def gguf_tokenizer(arch):
    """A 256-entry tokenizer in GGUF metadata. llama: SentencePiece (3 control pieces, 128 byte pieces
    <0x00>..<0x7F>, the space mark and printable ASCII, a few merged pieces with scores); qwen2:
    byte-level BPE over the 256 byte symbols with a few merges."""
    if arch == "llama":
        pieces, types, scores = ["<unk>", "<s>", "</s>"], [2, 3, 3], [0.0, 0.0, 0.0]
        pieces += ["<0x%02X>" % b for b in range(128)]
        types += [6] * 128
        scores += [0.0] * 128
        singles = ["\u2581"] + [chr(c) for c in range(0x21, 0x7F)]
        pieces += singles
        types += [1] * len(singles)
        scores += [-100.0 - i for i in range(len(singles))]
        merged = ["\u2581t", "he", "\u2581the", "in", "\u2581a", "er", "on", "\u2581c", "at", "\u2581cat", "re", "\u2581s",
                  "is", "\u2581is", "or", "an", "\u2581o", "en", "\u2581w", "ed", "it", "\u2581p", "es", "ar", "\u2581f",
                  "ou", "\u2581b", "al"]
        merged = merged[:VOCAB - len(pieces)]
        pieces += merged
        types += [1] * len(merged)
        scores += [-float(i) for i in range(len(merged))]
        return {"tokenizer.ggml.model": "llama", "tokenizer.ggml.tokens": pieces,
                "tokenizer.ggml.scores": np.array(scores, dtype=np.float32), "tokenizer.ggml.token_type": np.array(types, dtype=np.int32),
                "tokenizer.ggml.bos_token_id": 1, "tokenizer.ggml.eos_token_id": 2, "tokenizer.ggml.unknown_token_id": 0}
    table, extra = [], 0
    for b in range(256):
        printable = 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF
        table.append(chr(b) if printable else chr(256 + extra))
        extra += 0 if printable else 1
    merges = ["t h", "th e", "\u0120 t", "\u0120t he", "i n", "a t"]  # \u0120 is the byte-level space
    tokens = table[:VOCAB - 6] + ["th", "the", "\u0120t", "\u0120the", "in", "at"]
    return {"tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": tokens, "tokenizer.ggml.merges": merges,
            "tokenizer.ggml.pre": "qwen2", "tokenizer.ggml.token_type": np.array([1] * VOCAB, dtype=np.int32),
            "tokenizer.ggml.eos_token_id": 2}


GGUF_NAMES = {"input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
              "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
              "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
              "self_attn.q_proj.bias": "attn_q.bias", "self_attn.k_proj.bias": "attn_k.bias",
              "self_attn.v_proj.bias": "attn_v.bias", "mlp.gate_proj.weight": "ffn_gate.weight",
              "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight"}


def write_gguf_model(path, cfg, tensors, qtype):
    arch = "qwen2" if cfg["model_type"] == "qwen2" else "llama"
    H, KVH = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    out = {}
    for name, a in tensors.items():
        if name == "model.embed_tokens.weight":
            g = "token_embd.weight"
        elif name == "model.norm.weight":
            g = "output_norm.weight"
        elif name == "lm_head.weight":
            g = "output.weight"
        else:
            layer, rest = name[len("model.layers."):].split(".", 1)
            g = "blk.%s.%s" % (layer, GGUF_NAMES[rest])
            if arch == "llama" and rest.startswith("self_attn.q_proj"):
                a = permute_for_gguf(a, H)
            elif arch == "llama" and rest.startswith("self_attn.k_proj"):
                a = permute_for_gguf(a, KVH)
        out[g] = a
    meta = {"general.architecture": arch, "general.name": "ncsparse-random-" + cfg["model_type"],
            arch + ".context_length": cfg["max_position_embeddings"], arch + ".embedding_length": cfg["hidden_size"],
            arch + ".block_count": cfg["num_hidden_layers"], arch + ".feed_forward_length": FFN,
            arch + ".attention.head_count": H, arch + ".attention.head_count_kv": KVH,
            arch + ".attention.layer_norm_rms_epsilon": cfg["rms_norm_eps"], arch + ".rope.freq_base": cfg["rope_theta"],
            arch + ".rope.dimension_count": HEAD_DIM}
    meta.update(gguf_tokenizer(arch))
    s = cfg.get("rope_scaling")
    if s and s["rope_type"] == "yarn":  # llama.cpp's YaRN keys
        meta.update({arch + ".rope.scaling.type": "yarn", arch + ".rope.scaling.factor": s["factor"],
                     arch + ".rope.scaling.original_context_length": s["original_max_position_embeddings"]})
    elif s:  # llama.cpp stores llama3 scaling as per-pair divisors in rope_freqs.weight
        inv = 1.0 / (cfg["rope_theta"] ** (np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM))
        out["rope_freqs.weight"] = (inv / inv_freq(cfg)).astype(np.float32)
    types = {g: (qtype if a.ndim == 2 else "F32") for g, a in out.items()}
    ncsparse_formats.write_gguf(path, meta, out, types)


# ------------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--config", required=True, choices=sorted(CONFIGS))
    ap.add_argument("--format", default="hf-f32", choices=["hf-f32", "hf-bf16", "gguf-f32", "gguf-q8_0", "gguf-q4_0"])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--prompt-len", type=int, default=12)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--budget", default="power:1,0.5")
    a = ap.parse_args()
    cfg = hf_config(a.config)
    for seed in range(a.seed, a.seed + 50):
        rng = np.random.default_rng(seed)
        t = random_weights(cfg, rng)
        if a.format == "hf-bf16":  # the reference runs on the stored (rounded) weights
            t = {k: stored(v, "BF16") for k, v in t.items()}
        elif a.format in ("gguf-q8_0", "gguf-q4_0"):  # quantised per row in blocks of 32; the Q/K row permutation commutes with it
            t = {k: (stored(v, a.format[5:].upper()) if v.ndim == 2 else v) for k, v in t.items()}
        prompt = [int(i) for i in rng.integers(3, VOCAB, a.prompt_len)]
        margins = []
        tokens = greedy(cfg, t, prompt, a.steps, margins)
        ids = prompt + tokens
        exact = forward(cfg, t, ids)
        topk = forward(cfg, t, ids, a.budget, margins)
        if min(margins) > 1e-3:  # float32 rounding (~1e-6) cannot flip a choice
            break
    else:
        sys.exit("no seed in 50 gave clear top-k and greedy margins")
    os.makedirs(a.out, exist_ok=True)
    if a.format.startswith("hf"):
        with open(os.path.join(a.out, "config.json"), "w") as f:
            json.dump(cfg, f, indent=1)
        ncsparse_formats.write_safetensors(os.path.join(a.out, "model.safetensors"), t, "BF16" if a.format == "hf-bf16" else "F32")
    else:
        write_gguf_model(os.path.join(a.out, "model.gguf"), cfg, t, a.format[5:].upper())
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump({"seed": seed, "prompt": prompt, "greedy": tokens, "budget": a.budget,
                   "logits": exact.tolist(), "topk_logits": topk.tolist(), "min_margin": float(min(margins))}, f)


if __name__ == "__main__":
    main()
