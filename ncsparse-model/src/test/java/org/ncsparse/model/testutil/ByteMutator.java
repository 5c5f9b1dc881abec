package org.ncsparse.model.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded structure-blind mutations of a valid file: random bytes, little-endian integers set to
 * boundary values (where counts, lengths and offsets live), JSON-significant characters, cuts,
 * duplicated and deleted slices. One to three mutations per input.
 */
public final class ByteMutator {
    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 63, 64, 127, 128, 255, 256, 0x7FFF, 0xFFFF,
            0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 1L << 32, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, -1};
    private static final byte[] JSON_CHARS = "{}[]\",:0123456789-.eE +tfn\\u".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ByteMutator() {}

    public static byte[] mutate(byte[] base, Random r) {
        byte[] b = base.clone();
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops && b.length > 0; i++) b = once(b, r);
        return b;
    }

    private static byte[] once(byte[] b, Random r) {
        int at = r.nextInt(b.length);
        switch (r.nextInt(8)) {
            case 0, 1 -> { int n = 1 + r.nextInt(8); for (int k = 0; k < n; k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256); }
            case 2, 3 -> {
                long v = INTERESTING[r.nextInt(INTERESTING.length)] + (r.nextBoolean() ? 0 : r.nextInt(3) - 1);
                int width = r.nextBoolean() ? 4 : 8;
                if (at + width <= b.length) {
                    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    if (width == 4) bb.putInt(at, (int) v); else bb.putLong(at, v);
                }
            }
            case 4 -> b[at] = JSON_CHARS[r.nextInt(JSON_CHARS.length)];
            case 5 -> b = Arrays.copyOf(b, r.nextInt(b.length));
            case 6 -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(64)), to = r.nextInt(b.length + 1);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, at, out, to, len);
                System.arraycopy(b, to, out, to + len, b.length - to);
                b = out;
            }
            default -> {
                int len = Math.min(b.length - at, 1 + r.nextInt(64));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
        }
        return b;
    }
}
