package org.ncsparse.decode;

/**
 * The few vector operations decoding needs, with a Vector API path when {@code jdk.incubator.vector}
 * is present and plain loops otherwise. {@link VectorDecodeOps} is only loaded when the module is
 * there (the JVM resolves it on first call).
 */
final class DecodeOps {
    private DecodeOps() {}

    static final boolean VECTOR = org.ncsparse.kernel.Simd.vectorized();

    /** Logits of one page (keys transposed [d][pageSize]) into out[outOff..]; returns their max. */
    static float scorePage(float[] q, int qOff, float[] keysT, int pageSize, int len, int d, float scale, float[] out, int outOff) {
        return org.ncsparse.kernel.TransposedDot.score(q, qOff, keysT, 0, pageSize, len, d, scale, out, outOff);
    }

    /** Upper bound of q.k over keys with k_c in [min_c, max_c]: sum_c max(q_c min_c, q_c max_c). */
    static float upperBound(float[] q, int qOff, float[] min, float[] max, int off, int d) {
        if (VECTOR) return VectorDecodeOps.upperBound(q, qOff, min, max, off, d);
        float s = 0;
        for (int c = 0; c < d; c++) s += Math.max(q[qOff + c] * min[off + c], q[qOff + c] * max[off + c]);
        return s;
    }

    /** w[j] = exp(w[j] - max) for j &lt; n, in place; returns sum_j w[j] (in double). */
    static double expShiftInPlace(float[] w, int n, float max) {
        if (VECTOR) return VectorDecodeOps.expShiftInPlace(w, n, max);
        double z = 0;
        for (int j = 0; j < n; j++) z += (w[j] = (float) Math.exp(w[j] - max));
        return z;
    }

    /** acc[c] += w * v[off + c]. */
    static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        if (VECTOR) { VectorDecodeOps.axpy(w, v, off, acc, dv); return; }
        for (int c = 0; c < dv; c++) acc[c] += w * v[off + c];
    }
}
