package org.ncsparse.model.tensor;

import org.ncsparse.kernel.Simd;

/**
 * Dot products of decoded weight rows (float[] blocks) with input rows: the inner kernel of
 * {@link MappedMatrix#matMul}. Four weight rows share each load of the input row.
 */
final class BlockDots {
    private BlockDots() {}

    private static final boolean VECTOR = Simd.vectorized();

    /** y[yo + k·yStride] = Σ_j w[w0 + k·n + j]·x[xo + j] for k = 0..3. */
    static void dot4(float[] w, int w0, int n, float[] x, int xo, float[] y, int yo, int yStride) {
        if (VECTOR) { VectorBlockDots.dot4(w, w0, n, x, xo, y, yo, yStride); return; }
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
        for (int j = 0; j < n; j++) {
            float xj = x[xo + j];
            s0 += w[w0 + j] * xj; s1 += w[w1 + j] * xj; s2 += w[w2 + j] * xj; s3 += w[w3 + j] * xj;
        }
        y[yo] = s0; y[yo + yStride] = s1; y[yo + 2 * yStride] = s2; y[yo + 3 * yStride] = s3;
    }

    /**
     * A 4 × 4 tile: y[yo + i·yStride + k] = Σ_j w[w0 + k·n + j]·x[xo + i·n + j] for input rows i and
     * weight rows k in 0..3: 8 loads feed 16 multiply-adds.
     */
    static void dot4x4(float[] w, int w0, int n, float[] x, int xo, float[] y, int yo, int yStride, float[] lanes) {
        if (VECTOR) { VectorBlockDots.dot4x4(w, w0, n, x, xo, y, yo, yStride, lanes); return; }
        for (int i = 0; i < 4; i++) dot4(w, w0, n, x, xo + i * n, y, yo + i * yStride, 1);
    }

    /** Scratch that {@link #dot4x4} needs (one per thread). */
    static float[] lanes() { return VECTOR ? VectorBlockDots.lanes() : null; }

    /** Σ_j w[w0 + j]·x[xo + j]. */
    static float dot(float[] w, int w0, int n, float[] x, int xo) {
        if (VECTOR) return VectorBlockDots.dot(w, w0, n, x, xo);
        float s = 0;
        for (int j = 0; j < n; j++) s += w[w0 + j] * x[xo + j];
        return s;
    }
}
