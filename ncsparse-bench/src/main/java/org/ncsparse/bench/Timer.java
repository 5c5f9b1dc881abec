package org.ncsparse.bench;

import java.util.Arrays;

/** Median wall time of repeated runs after warm-up: the peer runner's clock (JMH does the kernels' suite). */
public final class Timer {
    private Timer() {}

    /** Runs {@code body} until {@code warmupMs} passed, then {@code reps} timed runs; returns the median in ms. */
    public static double medianMs(Runnable body, int warmupMs, int reps) {
        long end = System.nanoTime() + warmupMs * 1_000_000L;
        do body.run(); while (System.nanoTime() < end);
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return reps % 2 == 1 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
    }
}
