package org.ncsparse.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's fp32 FMA peak with the Vector API: 12 independent accumulator chains
 * (enough to cover FMA latency x throughput), no memory traffic. 2 flops per lane per FMA.
 */
public final class FmaPeak {
    private FmaPeak() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** GFLOP/s of one thread, best of {@code trials} runs of about 50 ms each. */
    public static double singleThreadGflops(int trials) {
        long iters = 2_000_000;
        double best = 0;
        kernel(iters / 10); // warm up / JIT
        for (int t = 0; t < trials; t++) {
            long t0 = System.nanoTime();
            float sink = kernel(iters);
            long ns = System.nanoTime() - t0;
            if (sink == 42f) System.out.print(""); // keep the result live
            best = Math.max(best, 12.0 * 2 * S.length() * iters / ns);
        }
        return best;
    }

    /** GFLOP/s of {@code threads} threads running the loop at once (sum). */
    public static double multiThreadGflops(int threads, int trials) throws InterruptedException {
        double[] each = new double[threads];
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(() -> each[id] = singleThreadGflops(trials));
            ts[i].start();
        }
        double sum = 0;
        for (int i = 0; i < threads; i++) { ts[i].join(); sum += each[i]; }
        return sum;
    }

    /** {@code iters} rounds of 12 independent vector FMAs (the loop JMH times in FmaPeakBench). */
    public static float kernel(long iters) {
        FloatVector a = FloatVector.broadcast(S, 0.999f), b = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(S, 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iters; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
