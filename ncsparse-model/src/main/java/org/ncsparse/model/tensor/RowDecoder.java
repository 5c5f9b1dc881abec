package org.ncsparse.model.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Reads stored weights of one {@link TensorType} straight from a (mapped) segment: decoding into
 * floats and the fused dot product with a float vector. Offsets are byte offsets into the segment;
 * counts are weights and a multiple of the type's block size.
 */
interface RowDecoder {
    /** dst[dOff + j] = w_j for the n weights stored from byte {@code off}. */
    void decode(MemorySegment seg, long off, int n, float[] dst, int dOff);

    /** Σ_j w_j · x[xOff + j] over the n weights stored from byte {@code off}. */
    float dot(MemorySegment seg, long off, int n, float[] x, int xOff);

    /** The plain-Java or the Vector API decoder of a type, as {@code org.ncsparse.kernel.Simd} decided. */
    static RowDecoder of(TensorType type) {
        return org.ncsparse.kernel.Simd.vectorized() ? VectorDecoders.of(type) : PlainDecoders.of(type);
    }
}
