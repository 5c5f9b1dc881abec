package org.ncsparse.bench;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ncsparse.bench.jmh.WeightMatrixBench;
import org.ncsparse.kernel.Simd;
import org.ncsparse.model.tensor.MappedMatrix;
import org.ncsparse.model.tensor.TensorType;

/**
 * Decode-inside-the-product vs dequantise-at-load for every stored type, measured interleaved (each
 * round times every variant once, so load changes hit all alike) and reported as medians and ratios,
 * with the minima beside them (on a loaded machine a product longer than a scheduler time slice is
 * often interrupted; the minimum is the uninterrupted time) and the single-thread FMA peak measured
 * in the same run:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "ncsparse-cli/target/ncsparse-cli.jar:ncsparse-cli/target/lib/*" \
 *      org.ncsparse.bench.WeightLayoutComparison [rows cols rounds threads [m,m,...]]
 * </pre>
 * With one thread the last column divides the work by the median CPU time of the calling thread
 * (time the thread was descheduled does not count: the figure to compare on a loaded machine). The
 * input row counts m default to 1, 16, 64 (decoding, short and long prompt blocks); prefill's
 * blocks of long prompts have 256 rows.
 */
public final class WeightLayoutComparison {
    private WeightLayoutComparison() {}

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2048, cols = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30, threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int[] ms = args.length > 4 ? Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {1, 16, 64};
        int mMax = Arrays.stream(ms).max().orElseThrow();
        TensorType[] types = TensorType.values();
        try (Arena arena = Arena.ofShared()) {
            List<String> names = new ArrayList<>();
            List<MappedMatrix> mats = new ArrayList<>();
            for (TensorType t : types) {
                MappedMatrix stored = new MappedMatrix("w", t, rows, cols, WeightMatrixBench.randomWeights(t, rows, cols, arena, new Random(7)));
                mats.add(stored);
                mats.add(stored.dequantised());
                names.add(t.name());
            }
            Random r = new Random(8);
            float[] x = new float[mMax * cols], y = new float[mMax * rows];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            double peak = FmaPeak.singleThreadGflops(5);
            long[][][] ns = new long[mats.size()][ms.length][rounds], cpu = new long[mats.size()][ms.length][rounds];
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = -3; round < rounds; round++)            // 3 warm-up rounds
                for (int mi = 0; mi < ms.length; mi++)
                    for (int v = 0; v < mats.size(); v++) {
                        long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
                        mats.get(v).matMul(x, 0, ms[mi], y, 0, threads);
                        long dt = System.nanoTime() - t0, dc = mx.getCurrentThreadCpuTime() - c0;
                        if (round >= 0) { ns[v][mi][round] = dt; cpu[v][mi][round] = dc; }
                    }
            System.out.printf("# %s, %d x %d weights, %d thread(s), %d interleaved rounds; single-thread FMA peak %.0f GFLOP/s (this run)%n",
                    Simd.describe(), rows, cols, threads, rounds, peak);
            System.out.println("| type | m | in the product: median (min) ms | at load (F32): median (min) ms | at-load / in-product, medians (mins) | in-product GFLOP/s at the min "
                    + "| in-product GFLOP/s per CPU second (median; 1 thread) |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int ti = 0; ti < types.length; ti++)
                for (int mi = 0; mi < ms.length; mi++) {
                    double a = median(ns[2 * ti][mi]) / 1e6, b = median(ns[2 * ti + 1][mi]) / 1e6;
                    double amin = Arrays.stream(ns[2 * ti][mi]).min().orElseThrow() / 1e6, bmin = Arrays.stream(ns[2 * ti + 1][mi]).min().orElseThrow() / 1e6;
                    double acpu = median(cpu[2 * ti][mi]) / 1e6;
                    System.out.printf("| %s | %d | %.2f (%.2f) | %.2f (%.2f) | %.2f (%.2f) | %.1f | %s |%n", names.get(ti), ms[mi], a, amin, b, bmin, b / a, bmin / amin,
                            2.0 * rows * cols * ms[mi] / (amin * 1e6), threads == 1 ? String.format("%.1f", 2.0 * rows * cols * ms[mi] / (acpu * 1e6)) : "—");
                }
        }
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
