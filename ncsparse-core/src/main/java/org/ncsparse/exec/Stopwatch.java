package org.ncsparse.exec;

import java.util.Arrays;
import java.util.List;

/**
 * The project's one wall clock for side-by-side comparisons (the lab's experiments and the peer
 * benchmark; JMH times the kernel suite). Medians are the headline; the fastest run is reported
 * beside them because other processes may share the cores, and the fastest run is the least disturbed.
 * Systems compared with each other are timed {@linkplain #interleaved interleaved}, so a burst of
 * load from elsewhere hits all of them alike.
 */
public final class Stopwatch {
    private Stopwatch() {}

    /** Median and fastest of the timed runs, in milliseconds. */
    public record Stats(double medianMs, double minMs) {}

    /** Milliseconds {@code task} takes once. */
    public static double millis(Runnable task) {
        long t0 = System.nanoTime();
        task.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The median (mean of the two middle values for an even count). */
    public static double median(List<Double> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException("median of no values");
        return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Runs {@code body} until {@code warmupMs} passed (at least once), then {@code reps} timed runs. */
    public static Stats time(Runnable body, int warmupMs, int reps) {
        return interleaved(List.of(body), warmupMs, reps)[0];
    }

    /**
     * Times several tasks in rounds, each round running every task once in list order: untimed
     * warm-up rounds until {@code warmupMs} passed (at least one; warming the tasks together lets the
     * JIT settle on code that serves all of them), then {@code rounds} timed rounds. Returns one
     * {@link Stats} per task, in list order.
     */
    public static Stats[] interleaved(List<Runnable> tasks, int warmupMs, int rounds) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("tasks: at least one task to time, got none");
        if (rounds < 1) throw new IllegalArgumentException("rounds: at least 1, got " + rounds);
        if (warmupMs < 0) throw new IllegalArgumentException("warmupMs: at least 0, got " + warmupMs);
        long end = System.nanoTime() + warmupMs * 1_000_000L;
        do for (Runnable t : tasks) t.run(); while (System.nanoTime() < end);
        double[][] ms = new double[tasks.size()][rounds];
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < tasks.size(); i++) ms[i][r] = millis(tasks.get(i));
        Stats[] out = new Stats[tasks.size()];
        for (int i = 0; i < out.length; i++) out[i] = new Stats(median(ms[i]), Arrays.stream(ms[i]).min().getAsDouble());
        return out;
    }

    private static double median(double[] xs) {
        double[] a = xs.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
