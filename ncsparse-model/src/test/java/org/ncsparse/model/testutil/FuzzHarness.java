package org.ncsparse.model.testutil;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds mutated copies of valid files to a reader. An input may be accepted, or refused with an
 * IOException or IllegalArgumentException whose message is one non-blank line; anything else (an
 * unchecked exception, an Error such as OutOfMemoryError) fails the test with the seed and input
 * index that reproduce it. Each input's heap allocation is measured and must stay under
 * {@code 4 MB + 256 × input size}: a reader that sizes an allocation from a hostile count is caught
 * even when the heap could satisfy it.
 *
 * <p>Inputs per reader: system property {@code ncsparse.fuzz.inputs} (default 2500), seed
 * {@code ncsparse.fuzz.seed} (default: fresh, printed).
 */
public final class FuzzHarness {
    /** Reads one input completely (every tensor, every metadata value). */
    @FunctionalInterface
    public interface Reader { void read(byte[] input) throws IOException; }

    /** What happened to the inputs. */
    public record Summary(String reader, long seed, int inputs, int accepted, int refused, long maxAllocatedBytes) {
        @Override public String toString() {
            return String.format("%s fuzz: seed %d, %d inputs, %d accepted, %d refused with a one-line error, 0 crashes; max heap allocated per input %d KB",
                    reader, seed, inputs, accepted, refused, maxAllocatedBytes >> 10);
        }
    }

    private FuzzHarness() {}

    public static int inputs() { return Integer.getInteger("ncsparse.fuzz.inputs", 2500); }

    public static Summary run(String name, byte[][] valid, Reader reader) {
        long seed = Long.getLong("ncsparse.fuzz.seed", new Random().nextLong());
        int n = inputs();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        int accepted = 0, refused = 0;
        long maxAlloc = 0;
        for (byte[] v : valid) {
            try { reader.read(v); } catch (IOException e) { fail(name + ": the valid base input is refused: " + e.getMessage(), e); }
        }
        for (int i = 0; i < n; i++) {
            Random r = new Random(seed + i);
            byte[] input = ByteMutator.mutate(valid[r.nextInt(valid.length)], r);
            long before = threads.getThreadAllocatedBytes(tid);
            try {
                reader.read(input);
                accepted++;
            } catch (IOException | IllegalArgumentException e) {
                String m = e.getMessage();
                if (m == null || m.isBlank() || m.contains("\n"))
                    fail(name + " input " + i + " (-Dncsparse.fuzz.seed=" + seed + "): refusal without a one-line message: " + e, e);
                refused++;
            } catch (Throwable t) {
                fail(name + " input " + i + " (-Dncsparse.fuzz.seed=" + seed + "): " + t, t);
            }
            long alloc = threads.getThreadAllocatedBytes(tid) - before;
            maxAlloc = Math.max(maxAlloc, alloc);
            if (alloc > (4L << 20) + 256L * input.length)
                fail(name + " input " + i + " (-Dncsparse.fuzz.seed=" + seed + "): allocated " + alloc + " bytes for a " + input.length + "-byte input");
        }
        Summary s = new Summary(name, seed, n, accepted, refused, maxAlloc);
        System.out.println(s);
        assertThat(accepted + refused).isEqualTo(n);
        return s;
    }
}
