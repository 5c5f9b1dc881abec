package org.ncsparse.model.tensor;

/**
 * Element types of stored weights. Quantised types come in blocks: Q8_0 = 32 weights as one F16
 * scale + 32 int8 (34 bytes); Q4_0 = 32 weights as one F16 scale + 16 bytes of 4-bit values offset
 * by 8 (18 bytes), the llama.cpp layouts.
 */
public enum TensorType {
    F32(1, 4), F16(1, 2), BF16(1, 2), Q8_0(32, 34), Q4_0(32, 18);

    /** Weights per block (1 for plain floats). */
    public final int blockSize;
    /** Bytes per block. */
    public final int blockBytes;

    TensorType(int blockSize, int blockBytes) { this.blockSize = blockSize; this.blockBytes = blockBytes; }

    /** Bytes that {@code count} weights occupy; count must be a multiple of the block size. */
    public long bytes(long count) {
        if (count % blockSize != 0) throw new IllegalArgumentException(name() + " needs a multiple of " + blockSize + " weights, got " + count);
        return Math.multiplyExact(count / blockSize, (long) blockBytes);
    }
}
