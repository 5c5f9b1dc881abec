package org.ncsparse.exec;

import java.util.List;

/** Wall-clock timing for side-by-side comparisons: milliseconds of one run, medians of many. */
public final class Stopwatch {
    private Stopwatch() {}

    /** Milliseconds {@code task} takes once. */
    public static double millis(Runnable task) {
        long t0 = System.nanoTime();
        task.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The median (mean of the two middle values for an even count). */
    public static double median(List<Double> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException("median of no values");
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
