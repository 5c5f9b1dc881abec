package org.ncsparse.model.fuzz;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@link FuzzTarget} over {@code inputs} mutated inputs on a worker thread and counts
 * what happened. Three kinds of failure, each saved under {@code target/fuzz-failures/} for replay:
 * a crash (an exception the target does not expect, or an Error such as OutOfMemoryError), a hang
 * (one input running longer than {@code hangSeconds}) and an unbounded allocation (one input
 * allocating more than {@link #allocationBudget} bytes on the worker thread, measured by the JVM's
 * per-thread allocation counter).
 */
final class FuzzRunner {
    /** Per-input allocation budget: a fixed 32 MiB for buffers plus 64 bytes per input byte. */
    static long allocationBudget(int inputLength) { return (32L << 20) + 64L * inputLength; }

    record Report(String target, long seed, int inputs, int accepted, Map<String, Integer> refusals, long maxAllocated,
                  double maxMillis, int crashes, int hangs, int overAllocations, String firstFailure) {
        int failures() { return crashes + hangs + overAllocations; }

        String summary() {
            return String.format(java.util.Locale.ROOT,
                    "%s: %d inputs (seed %d): %d read, %d refused %s; max allocation %.1f MiB, slowest %.1f ms; crashes %d, hangs %d, over-allocations %d%s",
                    target, inputs, seed, accepted, inputs - accepted - crashes - hangs, refusals, maxAllocated / 1048576.0, maxMillis,
                    crashes, hangs, overAllocations, firstFailure == null ? "" : "; first: " + firstFailure);
        }
    }

    private FuzzRunner() {}

    static Report run(FuzzTarget target, long seed, int inputs, double hangSeconds) throws Exception {
        Mutator mutator = new Mutator(seed, target.seeds(), target.dictionary());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + target.name());
            t.setDaemon(true);
            return t;
        });
        Map<String, Integer> refusals = new TreeMap<>();
        int accepted = 0, crashes = 0, hangs = 0, over = 0;
        long maxAlloc = 0;
        double maxMillis = 0;
        String first = null;
        try {
            for (int i = 0; i < inputs; i++) {
                byte[] input = mutator.next();
                Future<long[]> f = worker.submit(() -> {
                    long a0 = threads.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
                    long outcome;
                    try {
                        target.run(input);
                        outcome = 0;
                    } catch (Throwable t) {
                        outcome = 1;
                        if (!target.expected(t) || t.getMessage() == null || t.getMessage().isBlank()) throw new Crash(t);
                        synchronized (refusals) { refusals.merge(t.getClass().getSimpleName(), 1, Integer::sum); }
                    }
                    return new long[] {outcome, threads.getCurrentThreadAllocatedBytes() - a0, System.nanoTime() - t0};
                });
                String failure = null;
                try {
                    long[] r = f.get((long) (hangSeconds * 1000), TimeUnit.MILLISECONDS);
                    if (r[0] == 0) accepted++;
                    maxAlloc = Math.max(maxAlloc, r[1]);
                    maxMillis = Math.max(maxMillis, r[2] / 1e6);
                    if (r[1] > allocationBudget(input.length)) { over++; failure = "allocated " + r[1] + " bytes for a " + input.length + "-byte input"; }
                } catch (TimeoutException e) {
                    hangs++;
                    failure = "no result after " + hangSeconds + " s";
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor();
                } catch (java.util.concurrent.ExecutionException e) {
                    crashes++;
                    Throwable c = e.getCause() instanceof Crash k ? k.getCause() : e.getCause();
                    failure = c.toString();
                }
                if (failure != null) {
                    Path saved = save(target.name(), seed, i, input);
                    if (first == null) first = "input #" + i + " (" + saved + "): " + failure;
                }
            }
        } finally {
            worker.shutdownNow();
        }
        return new Report(target.name(), seed, inputs, accepted, refusals, maxAlloc, maxMillis, crashes, hangs, over, first);
    }

    private static Path save(String target, long seed, int index, byte[] input) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of("target", "fuzz-failures", target));
        Path f = dir.resolve(seed + "-" + index + ".bin");
        Files.write(f, input);
        Files.writeString(dir.resolve(seed + "-" + index + ".hex"), HexFormat.of().formatHex(input));
        return f;
    }

    /** Marks an unexpected throwable from the target (so the runner can tell it from its own failures). */
    private static final class Crash extends Exception {
        Crash(Throwable cause) { super(cause); }
    }
}
