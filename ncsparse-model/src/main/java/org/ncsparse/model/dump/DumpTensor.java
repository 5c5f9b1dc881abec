package org.ncsparse.model.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * A tensor inside a dump file, read on demand: name, dtype, shape and where its little-endian,
 * C-ordered bytes start. Reading copies a range of elements into a float array, so a caller can
 * stream one head (n × d) or one block of rows at a time even when n ≈ 10^5.
 */
public final class DumpTensor {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final FileChannel channel;
    private final long offset;
    private final long count;

    DumpTensor(String name, DType dtype, long[] shape, FileChannel channel, long offset) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.channel = channel;
        this.offset = offset;
        this.count = elementCount(name, shape);
    }

    /** Product of dims with overflow and sign checks. */
    static long elementCount(String name, long[] shape) {
        long c = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor '" + name + "': negative dimension in " + Arrays.toString(shape));
            c = Math.multiplyExact(c, d);
            if (c > (1L << 50)) throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " is implausibly large");
        }
        return c;
    }

    public String name() { return name; }
    public DType dtype() { return dtype; }
    public long[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public long dim(int i) { return shape[i]; }
    public long elementCount() { return count; }
    public long byteSize() { return count * dtype.size; }

    /** Copies elements [from, from + len) into {@code dst[dstOff..]}. */
    public void read(long from, int len, float[] dst, int dstOff) {
        if (from < 0 || len < 0 || from > count - len)
            throw new IllegalArgumentException("tensor '" + name + "': range [" + from + ", +" + len + ") outside " + count + " elements");
        if (dstOff < 0 || dstOff > dst.length - len) throw new IllegalArgumentException("destination too small for " + len + " elements");
        int chunk = 1 << 16;
        ByteBuffer buf = ByteBuffer.allocate(chunk * dtype.size).order(ByteOrder.LITTLE_ENDIAN);
        long pos = offset + from * dtype.size;
        int done = 0;
        try {
            while (done < len) {
                int n = Math.min(chunk, len - done);
                buf.clear().limit(n * dtype.size);
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, pos + buf.position());
                    if (r < 0) throw new IOException("tensor '" + name + "': unexpected end of file");
                }
                buf.flip();
                for (int i = 0; i < n; i++) dst[dstOff + done + i] = dtype.read(buf);
                pos += (long) n * dtype.size;
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All elements (refused above 2^31 − 16 elements: stream with {@link #read} instead). */
    public float[] readAll() {
        if (count > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("tensor '" + name + "' has " + count + " elements; read it in ranges");
        float[] out = new float[(int) count];
        read(0, (int) count, out, 0);
        return out;
    }

    @Override public String toString() { return name + " " + dtype + Arrays.toString(shape); }
}
