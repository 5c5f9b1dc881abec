package org.ncsparse.decode;

/**
 * The few vector operations decoding needs, with a Vector API path when {@code jdk.incubator.vector}
 * is present and plain loops otherwise. {@link VectorDecodeOps} is only loaded when the module is
 * there (the JVM resolves it on first call).
 */
final class DecodeOps {
    private DecodeOps() {}

    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("ncsparse.decode.scalar");

    /** sum_c a[aOff + c] * b[bOff + c]. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        if (VECTOR) return VectorDecodeOps.dot(a, aOff, b, bOff, d);
        float s = 0;
        for (int c = 0; c < d; c++) s += a[aOff + c] * b[bOff + c];
        return s;
    }

    /** Upper bound of q.k over keys with k_c in [min_c, max_c]: sum_c max(q_c min_c, q_c max_c). */
    static float upperBound(float[] q, int qOff, float[] min, float[] max, int off, int d) {
        if (VECTOR) return VectorDecodeOps.upperBound(q, qOff, min, max, off, d);
        float s = 0;
        for (int c = 0; c < d; c++) s += Math.max(q[qOff + c] * min[off + c], q[qOff + c] * max[off + c]);
        return s;
    }

    /** acc[c] += w * v[off + c]. */
    static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        if (VECTOR) { VectorDecodeOps.axpy(w, v, off, acc, dv); return; }
        for (int c = 0; c < dv; c++) acc[c] += w * v[off + c];
    }
}
