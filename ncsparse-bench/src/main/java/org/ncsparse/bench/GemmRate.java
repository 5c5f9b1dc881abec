package org.ncsparse.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.model.block.Gemm;

/**
 * The GEMM rows: the model GEMM ({@link Gemm#matmul}, packed weights, bias) at the encoder's shapes
 * (hidden 384, FFN 1536; 128 and 512 tokens), as GFLOP/s (2 · rows · in · out per product) and as a
 * fraction of the FMA peak of the same run. The four products of one encoder layer are timed
 * interleaved.
 */
public final class GemmRate {
    private GemmRate() {}

    /** in, out of one MiniLM layer's products: Q|K|V, attention output, FFN in, FFN out. */
    static final int[][] LAYER = {{384, 1152}, {384, 384}, {384, 1536}, {1536, 384}};

    /** One row per (tokens, product) at {@code threads} threads, {@code rounds} interleaved rounds; peak = the FMA peak of that many threads. */
    public static List<Comparison> run(int[] tokenCounts, int threads, int warmMs, int rounds, double peak, PrintStream log) {
        List<Comparison> rows = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : tokenCounts) {
            List<Runnable> tasks = new ArrayList<>();
            for (int[] s : LAYER) {
                float[] x = PeerWorkload.gauss(rnd, n * s[0]), bias = PeerWorkload.gauss(rnd, s[1]), y = new float[n * s[1]];
                Gemm.Packed w = Gemm.pack(PeerWorkload.gauss(rnd, s[0] * s[1]), s[0], s[1]);
                tasks.add(() -> Gemm.matmul(x, n, w, bias, y, threads));
            }
            Stopwatch.Stats[] t = Stopwatch.interleaved(tasks, warmMs, rounds);
            for (int i = 0; i < LAYER.length; i++) {
                double gf = 2.0 * n * LAYER[i][0] * LAYER[i][1] / t[i].medianMs() / 1e6;
                log.printf(Locale.ROOT, "  gemm %d x %d x %d (tokens x in x out), threads=%d: %.3f ms (min %.3f), %.1f GFLOP/s, %.0f%% of peak (row tile %d)%n",
                        n, LAYER[i][0], LAYER[i][1], threads, t[i].medianMs(), t[i].minMs(), gf, 100 * gf / peak, Gemm.rowTile());
                rows.add(new Comparison("gemm:" + LAYER[i][0] + "x" + LAYER[i][1], 1, n, LAYER[i][0], false, threads, "fma-peak",
                        t[i].medianMs(), Double.NaN, t[i].minMs(), Double.NaN, gf, gf / peak, "in x out = " + LAYER[i][0] + " x " + LAYER[i][1]));
            }
        }
        return rows;
    }

    /** Standalone: FMA peak then the GEMM rows at 1 thread (used while tuning the tile). */
    public static void main(String[] args) {
        double peak = FmaPeak.singleThreadGflops(5);
        System.out.printf(Locale.ROOT, "FMA peak %.1f GFLOP/s, %s%n", peak, org.ncsparse.kernel.Simd.describe());
        run(new int[] {128, 512}, 1, 1500, 15, peak, System.out);
    }
}
