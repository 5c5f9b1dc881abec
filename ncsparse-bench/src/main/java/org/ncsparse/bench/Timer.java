package org.ncsparse.bench;

import java.util.Arrays;

/**
 * Wall time of repeated runs after warm-up: the peer runner's clock (JMH does the kernels' suite).
 * The minimum is reported beside the median because other processes share the 2 cores: the
 * fastest run is the one least disturbed.
 */
public final class Timer {
    private Timer() {}

    /** Median and fastest of the timed runs, in ms. */
    public record Stats(double medianMs, double minMs) {}

    /** Runs {@code body} until {@code warmupMs} passed (at least once), then {@code reps} timed runs. */
    public static Stats time(Runnable body, int warmupMs, int reps) {
        long end = System.nanoTime() + warmupMs * 1_000_000L;
        do body.run(); while (System.nanoTime() < end);
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return new Stats(reps % 2 == 1 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2, t[0]);
    }
}
