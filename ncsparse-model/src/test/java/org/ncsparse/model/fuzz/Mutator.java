package org.ncsparse.model.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutator in the spirit of libFuzzer's: 1–8 stacked edits (mostly 1–2) of a seed — bit flips, random
 * and boundary bytes, little-endian integers with boundary values (the sizes and offsets of binary
 * headers), chunk insert/delete/duplicate, truncation, splicing with another seed, and dictionary
 * tokens (for text formats) written over or into the input. Same seed, same inputs.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, -1, 2, 7, 8, 16, 64, 127, 128, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
            Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFFFFFFL, 1L << 32, 1L << 40, 1L << 53, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final List<byte[]> NUMBERS = Arrays.stream(new String[] {"0", "-1", "1", "2.5", "1e308", "-1e999", "NaN", "99999999999999999999",
            "2147483647", "2147483648", "4294967296", "9223372036854775807", "18446744073709551616"})
            .map(s -> s.getBytes(StandardCharsets.US_ASCII)).toList();

    private final SplittableRandom rnd;
    private final List<byte[]> seeds, dictionary;

    Mutator(long seed, List<byte[]> seeds, List<byte[]> dictionary) {
        this.rnd = new SplittableRandom(seed);
        this.seeds = seeds;
        this.dictionary = dictionary;
    }

    byte[] next() {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int edits = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(8) : rnd.nextInt(2));   // mostly one or two edits, sometimes up to eight
        for (int e = 0; e < edits; e++) b = edit(b);
        return b;
    }

    private byte[] edit(byte[] b) {
        if (b.length == 0) return new byte[] {(byte) rnd.nextInt(256)};
        int at = rnd.nextInt(b.length);
        switch (rnd.nextInt(11)) {
            case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
            case 1 -> b[at] = (byte) rnd.nextInt(256);
            case 2 -> b[at] = (byte) INTERESTING[rnd.nextInt(10)];
            case 3 -> {   // a little-endian 2/4/8-byte boundary value
                int width = 1 << (1 + rnd.nextInt(3));
                long v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                for (int i = 0; i < width && at + i < b.length; i++) b[at + i] = (byte) (v >>> (8 * i));
            }
            case 4 -> { return insert(b, at, randomBytes(1 + rnd.nextInt(16))); }
            case 5 -> { int len = 1 + rnd.nextInt(Math.min(64, b.length - at)); return cut(b, at, len); }
            case 6 -> { int len = 1 + rnd.nextInt(Math.min(64, b.length - at)); return insert(b, rnd.nextInt(b.length + 1), Arrays.copyOfRange(b, at, at + len)); }
            case 7 -> { return Arrays.copyOf(b, at); }
            case 8 -> {   // splice: our head, another seed's tail
                byte[] o = seeds.get(rnd.nextInt(seeds.size()));
                int from = rnd.nextInt(o.length + 1);
                byte[] out = Arrays.copyOf(b, at + o.length - from);
                System.arraycopy(o, from, out, at, o.length - from);
                return out;
            }
            case 9 -> { return overwriteOrInsert(b, at, token()); }
            default -> { return overwriteOrInsert(b, at, NUMBERS.get(rnd.nextInt(NUMBERS.size()))); }
        }
        return b;
    }

    private byte[] token() {
        return dictionary.isEmpty() ? randomBytes(1 + rnd.nextInt(4)) : dictionary.get(rnd.nextInt(dictionary.size()));
    }

    /** Writes {@code t} over a run of digits/letters at {@code at} when there is one, else inserts it. */
    private byte[] overwriteOrInsert(byte[] b, int at, byte[] t) {
        int end = at;
        while (end < b.length && Character.isLetterOrDigit(b[end]) && end - at < 32) end++;
        if (end > at && rnd.nextBoolean()) return insert(cut(b, at, end - at), at, t);
        return insert(b, at, t);
    }

    private byte[] randomBytes(int n) {
        byte[] r = new byte[n];
        for (int i = 0; i < n; i++) r[i] = (byte) rnd.nextInt(256);
        return r;
    }

    private static byte[] insert(byte[] b, int at, byte[] t) {
        byte[] out = new byte[b.length + t.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(t, 0, out, at, t.length);
        System.arraycopy(b, at, out, at + t.length, b.length - at);
        return out;
    }

    private static byte[] cut(byte[] b, int at, int len) {
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
    }
}
