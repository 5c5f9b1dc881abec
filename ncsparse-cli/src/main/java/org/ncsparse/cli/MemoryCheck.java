package org.ncsparse.cli;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Sizes in {@code long}, checked before anything is allocated: a Java array holds at most
 * {@link #MAX_ARRAY} elements, and a job whose estimated memory exceeds the heap is refused up front
 * with what it needs, the heap it has and the option that raises it (exit code 1).
 */
final class MemoryCheck {
    private MemoryCheck() {}

    /** The largest array length every JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** A job that would not fit in the heap. */
    static final class NotEnoughMemory extends RuntimeException {
        NotEnoughMemory(String message) { super(message); }
    }

    /** {@code count} elements of one array, refused (IllegalArgumentException naming {@code what}) past {@link #MAX_ARRAY}. */
    static long arrayLength(long count, String what) {
        if (count < 0 || count > MAX_ARRAY)
            throw new IllegalArgumentException(what + " would need arrays of " + (count < 0 ? "more than 2^63" : String.valueOf(count))
                    + " elements; at most " + MAX_ARRAY + " are possible: use smaller sizes");
        return count;
    }

    /** a * b without overflow (saturating at Long.MAX_VALUE) for non-negative operands. */
    static long times(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        return hi != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    /** Refuses the job when {@code bytes} exceed 90% of the heap (the rest for the JVM and the report). */
    static void require(long bytes, String what) {
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes <= 0.9 * heap) return;
        long machine = physicalMemory();
        long xmx = heapFor(bytes);
        String hint = machine > 0 && xmx > 0.95 * machine
                ? "; this machine has " + gb(machine) + " in all: use smaller sizes"
                : "; set NCSPARSE_JAVA_OPTS=-Xmx" + (xmx >> 30) + "g or use smaller sizes";
        throw new NotEnoughMemory(what + " needs ≈ " + gb(bytes) + ", the heap is " + gb(heap) + hint);
    }

    static String gb(long bytes) {
        double g = bytes / (double) (1L << 30);
        if (bytes == Long.MAX_VALUE) return "more than 8 EB";
        return g >= 100 ? String.format(Locale.ROOT, "%.0f GB", g) : g >= 0.1 ? String.format(Locale.ROOT, "%.1f GB", g)
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }

    /** The smallest heap, in whole gigabytes, that passes {@link #require} for {@code bytes}. */
    static long heapFor(long bytes) {
        long g = (long) Math.ceil(bytes / 0.9 / (1L << 30));
        return Math.max(1, g) << 30;
    }

    /** A heap setting with room for {@code bytes}, e.g. "16g". */
    static String suggestedXmx(long bytes) { return (heapFor(bytes) >> 30) + "g"; }

    static long physicalMemory() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }
}
