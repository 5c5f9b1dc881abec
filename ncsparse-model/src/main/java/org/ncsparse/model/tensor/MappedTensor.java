package org.ncsparse.model.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/** One stored tensor: its name, type, shape (outermost first) and the bytes that hold it. */
public record MappedTensor(String name, TensorType type, long[] shape, MemorySegment data) {
    public MappedTensor {
        shape = shape.clone();
        long count = elementCount(name, shape);
        if (type.bytes(count) != data.byteSize())
            throw new IllegalArgumentException("tensor " + Quote.of(name) + ": shape " + Arrays.toString(shape) + " of " + type
                    + " needs " + type.bytes(count) + " bytes, got " + data.byteSize());
    }

    public long elementCount() { return elementCount(name, shape); }

    /** Product of the dimensions, refusing negative ones and overflow. */
    public static long elementCount(String name, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor " + Quote.of(name) + " has a negative dimension in " + Arrays.toString(shape));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("tensor " + Quote.of(name) + " has more than 2^63 elements: " + Arrays.toString(shape));
            }
        }
        return n;
    }

    @Override public long[] shape() { return shape.clone(); }
}
