package org.ncsparse.lab.profile;

import org.ncsparse.model.dump.QkDump;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles user-dumped Q/K (see docs/DUMPS.md): per layer and head, for each n ≤ the dump's length,
 * sampled query rows against the first n keys. Memory: one head's q and k at a time per worker
 * (2·n·d floats), never an n×n buffer; results are sized by the layers and heads present, not by
 * the largest layer index. The scale must be finite (NaN means 1/√d).
 *
 * <p>Non-finite values are refused — the one policy of profiling, since a softmax statistic over a
 * NaN or infinite logit means nothing: an {@link java.io.IOException} names the tensor and the
 * [head, row, dim] of the first one, found when that head is loaded. Finite values cannot overflow:
 * logits are accumulated in double (|q·k| ≤ d·(3.4e38)² is far inside double's range) and the
 * softmax subtracts the row maximum.
 */
public final class DumpProfiler {
    private DumpProfiler() {}

    /** Lengths above the dump's n are dropped; scale NaN means 1/√d. */
    public static ProfileResult profile(String source, List<QkDump.Layer> layers, ProfileSettings s, float scale) throws Exception {
        return profile(source, layers, s, scale, () -> {});
    }

    /** As above; {@code onStep} runs after each head (layers x heads steps in all, from worker threads). */
    public static ProfileResult profile(String source, List<QkDump.Layer> layers, ProfileSettings s, float scale, Runnable onStep) throws Exception {
        long t0 = System.nanoTime();
        int maxN = layers.stream().mapToInt(QkDump.Layer::n).min().orElseThrow();
        if (Float.isInfinite(scale)) throw new IllegalArgumentException("scale must be finite (or NaN for 1/sqrt(d)), got " + scale);
        int[] ns = java.util.Arrays.stream(s.lengths()).filter(n -> n <= maxN).toArray();
        if (ns.length == 0) throw new IllegalArgumentException("dump has n = " + maxN + ", below every profile length " + java.util.Arrays.toString(s.lengths()));
        ProfileSettings st = s.withLengths(ns);
        List<HeadPoint> points = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(st.threads());
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (QkDump.Layer layer : layers) {
                float sc = Float.isNaN(scale) ? (float) (1 / Math.sqrt(layer.d())) : scale;
                for (int h = 0; h < layer.heads(); h++) {
                    int hh = h;
                    jobs.add(pool.submit(() -> {
                        float[] q = layer.finiteQueries(hh), k = layer.finiteKeys(layer.kvHeadOf(hh));
                        for (int n : ns) {
                            HeadAccumulator acc = new HeadAccumulator(st, n);
                            HeadProfiler.addRows(acc, q, k, n, layer.d(), sc, st.maxRows(), st.causal());
                            points.add(acc.result(layer.index(), hh));
                        }
                        onStep.run();
                        return null;
                    }));
                }
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    // the worker's own exception (e.g. a non-finite value named by tensor and index), not a wrapper
                    if (e.getCause() instanceof Exception cause) throw cause;
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return ProfileResult.of(source, st, points, (System.nanoTime() - t0) / 1e9);
    }
}
