package org.ncsparse.lab.profile;

import org.ncsparse.model.dump.QkDump;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles user-dumped Q/K (see docs/DUMPS.md): per layer and head, for each n ≤ the dump's length,
 * sampled query rows against the first n keys. Memory: one head's q and k at a time per worker
 * (2·n·d floats), never an n×n buffer.
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
        int[] ns = java.util.Arrays.stream(s.lengths()).filter(n -> n <= maxN).toArray();
        if (ns.length == 0) throw new IllegalArgumentException("dump has n = " + maxN + ", below every profile length " + java.util.Arrays.toString(s.lengths()));
        ProfileSettings st = s.withLengths(ns);
        int heads = layers.stream().mapToInt(QkDump.Layer::heads).max().orElseThrow();
        int layerCount = layers.stream().mapToInt(QkDump.Layer::index).max().orElseThrow() + 1;
        List<HeadPoint> points = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(st.threads());
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (QkDump.Layer layer : layers) {
                float sc = Float.isNaN(scale) ? (float) (1 / Math.sqrt(layer.d())) : scale;
                for (int h = 0; h < layer.heads(); h++) {
                    int hh = h;
                    jobs.add(pool.submit(() -> {
                        float[] q = layer.queries(hh), k = layer.keys(layer.kvHeadOf(hh));
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
            for (Future<?> f : jobs) f.get();
        } finally {
            pool.shutdownNow();
        }
        return ProfileResult.of(source, st, layerCount, heads, points, (System.nanoTime() - t0) / 1e9);
    }
}
