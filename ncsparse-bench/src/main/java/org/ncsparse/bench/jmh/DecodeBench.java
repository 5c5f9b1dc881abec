package org.ncsparse.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.decode.DecodeAttention;
import org.ncsparse.decode.PageSelection;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.workload.KvWorkload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decoding step (one query, one head) against a cache of n tokens: dense over the paged cache,
 * dense with the attention kernel (m = 1), exact top-k, and page-bound selection with at most 4k
 * scored keys. {@code @Setup} checks every exact method against the double-precision reference;
 * the page selector is approximate, so its recall is what {@code ncsparse decode} reports.
 * {@code kv} picks the cache's element type (F16/BF16: half the bytes read per step).
 * E.g. {@code bin/ncsparse bench --jmh DecodeBench -p workload=drift-needles -p method=dense,paged -p kv=F32,BF16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBench {
    @Param({"131072"}) public int n;
    @Param({"128"}) public int d;
    @Param({"16"}) public int page;
    @Param({"gaussian", "peaked", "drift-needles"}) public String workload;
    @Param({"dense", "kernel", "topk", "paged"}) public String method;
    /** Cache element type: F32, F16 or BF16 (the reference then runs on the rounded keys and values). */
    @Param({"F32"}) public String kv;

    private PagedKvCache cache;
    private AttentionRequest request;
    private KvWorkload w;
    private CountBudget budget;
    private PageSelection selection;
    private float[] out;

    @Setup
    public void setup() {
        w = KvWorkload.generate(workload, n, d, 42);
        KvStorage storage = KvStorage.valueOf(kv);
        cache = PagedKvCache.of(w.keys(), w.values(), 1, n, d, d, page, storage);
        float[] keys = rounded(w.keys(), storage), values = rounded(w.values(), storage);
        request = AttentionRequest.builder().query(w.query(), 1, 1, d).keys(keys, 1, n).values(values, d).scale(w.scale()).build();
        budget = (CountBudget) BudgetPolicy.power(1, 0.5);
        selection = new PageSelection(4, 2);
        out = new float[d];
        run();
        float[] expected = Attention.compute(method.equals("topk") ? request.withBudget(budget).withKernel(ReferenceKernel.INSTANCE)
                : request.withKernel(ReferenceKernel.INSTANCE));
        if (!method.equals("paged")) {
            double err = 0, norm = 1e-30;
            for (int c = 0; c < d; c++) { err = Math.max(err, Math.abs(out[c] - expected[c])); norm = Math.max(norm, Math.abs(expected[c])); }
            if (err / norm > 1e-4) throw new IllegalStateException(method + " decode disagrees with the reference: relative error " + err / norm);
        }
        for (float x : out) if (!Float.isFinite(x)) throw new IllegalStateException(method + " decode produced " + x);
    }

    private static float[] rounded(float[] x, KvStorage storage) {
        float[] r = x.clone();
        for (int i = 0; i < r.length; i++) r[i] = storage.round(r[i]);
        return r;
    }

    @Benchmark
    public float[] step() {
        run();
        return out;
    }

    private void run() {
        switch (method) {
            case "dense" -> DecodeAttention.exact(cache, w.query(), 1, w.scale(), out);
            case "kernel" -> Attention.compute(request, out);
            case "topk" -> DecodeAttention.topK(cache, w.query(), 1, w.scale(), budget, out, null);
            case "paged" -> DecodeAttention.pageSelected(cache, w.query(), 1, w.scale(), budget, selection, out, null, null);
            default -> throw new IllegalArgumentException("method must be dense, kernel, topk or paged, got " + method);
        }
    }
}
