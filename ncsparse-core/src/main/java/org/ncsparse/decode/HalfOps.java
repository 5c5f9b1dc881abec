package org.ncsparse.decode;

import org.ncsparse.cache.HalfFloats;

/**
 * Decode kernels over 16-bit (F16/BF16) cache pages: the page scores and the value axpy read the
 * 16-bit patterns and widen them to float32 on the fly, so a half cache moves half the bytes of an
 * F32 one and the arithmetic is the F32 kernels' on the rounded values. {@code bf16} picks the
 * format. The Vector API bodies are {@link VectorHalfOps}; these plain loops are the fallback and
 * the vector tails.
 */
final class HalfOps {
    private HalfOps() {}

    static float widen(short bits, boolean bf16) { return bf16 ? HalfFloats.fromBf16(bits) : HalfFloats.fromF16(bits); }

    /** out[outOff + s] = scale * sum_c q_c t[tOff + c * stride + s] for keys s &lt; len (keys transposed); returns their max. */
    static float score(float[] q, int qOff, short[] t, int tOff, int stride, int len, int d, float scale, float[] out, int outOff, boolean bf16) {
        if (DecodeOps.VECTOR) return VectorHalfOps.score(q, qOff, t, tOff, stride, len, d, scale, out, outOff, bf16);
        return scalarScore(q, qOff, t, tOff, stride, 0, len, d, scale, out, outOff, bf16, Float.NEGATIVE_INFINITY);
    }

    /** Plain loop over keys [from, len). */
    static float scalarScore(float[] q, int qOff, short[] t, int tOff, int stride, int from, int len, int d, float scale,
                             float[] out, int outOff, boolean bf16, float max) {
        for (int s = from; s < len; s++) {
            float acc = 0;
            for (int c = 0; c < d; c++) acc += q[qOff + c] * widen(t[tOff + c * stride + s], bf16);
            out[outOff + s] = scale * acc;
            max = Math.max(max, out[outOff + s]);
        }
        return max;
    }

    /** acc[c] += w * v[off + c] for c &lt; dv. */
    static void axpy(float w, short[] v, int off, float[] acc, int dv, boolean bf16) {
        if (DecodeOps.VECTOR) { VectorHalfOps.axpy(w, v, off, acc, dv, bf16); return; }
        scalarAxpy(w, v, off, acc, 0, dv, bf16);
    }

    static void scalarAxpy(float w, short[] v, int off, float[] acc, int from, int dv, boolean bf16) {
        for (int c = from; c < dv; c++) acc[c] += w * widen(v[off + c], bf16);
    }

    /** dst[c] = v[off + c] widened, c &lt; n. */
    static void widenRow(short[] v, int off, float[] dst, int n, boolean bf16) {
        if (DecodeOps.VECTOR) { VectorHalfOps.widenRow(v, off, dst, n, bf16); return; }
        for (int c = 0; c < n; c++) dst[c] = widen(v[off + c], bf16);
    }
}
