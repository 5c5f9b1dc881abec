package org.ncsparse.kernel;

/**
 * Logits of one query against a block of keys stored transposed ([d][stride]): out[s] = scale *
 * sum_c q_c t[c * stride + s]. Lanes run over keys, so the vector path is d broadcast FMAs per
 * 16 keys with no horizontal sums. Used by decoding (pages) and block selection. The Vector API body
 * ({@link VectorTransposedDot}) is loaded only when {@code jdk.incubator.vector} is present.
 */
public final class TransposedDot {
    private TransposedDot() {}

    private static final boolean VECTOR = Simd.vectorized();

    /** Scores keys s &lt; len of the block at {@code tOff}; returns the maximum logit. */
    public static float score(float[] q, int qOff, float[] t, int tOff, int stride, int len, int d, float scale, float[] out, int outOff) {
        if (VECTOR) return VectorTransposedDot.score(q, qOff, t, tOff, stride, len, d, scale, out, outOff);
        return scalar(q, qOff, t, tOff, stride, 0, len, d, scale, out, outOff, Float.NEGATIVE_INFINITY);
    }

    /** Plain loop over keys [from, len); also the vector path's tail. */
    static float scalar(float[] q, int qOff, float[] t, int tOff, int stride, int from, int len, int d, float scale,
                        float[] out, int outOff, float max) {
        for (int s = from; s < len; s++) {
            float acc = 0;
            for (int c = 0; c < d; c++) acc += q[qOff + c] * t[tOff + c * stride + s];
            out[outOff + s] = scale * acc;
            max = Math.max(max, out[outOff + s]);
        }
        return max;
    }
}
