package org.ncsparse.model.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.Vec;

/** Vector API versions of {@link BlockDots}. */
final class VectorBlockDots {
    private VectorBlockDots() {}

    private static final VectorSpecies<Float> S = Vec.S;
    private static final int L = S.length();

    static void dot4(float[] w, int w0, int n, float[] x, int xo, float[] y, int yo, int yStride) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n, j = 0;
        for (; j + L <= n; j += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + j);
            a0 = FloatVector.fromArray(S, w, w0 + j).fma(xv, a0);
            a1 = FloatVector.fromArray(S, w, w1 + j).fma(xv, a1);
            a2 = FloatVector.fromArray(S, w, w2 + j).fma(xv, a2);
            a3 = FloatVector.fromArray(S, w, w3 + j).fma(xv, a3);
        }
        float s0 = VectorDecoders.sum(a0), s1 = VectorDecoders.sum(a1);
        float s2 = VectorDecoders.sum(a2), s3 = VectorDecoders.sum(a3);
        for (; j < n; j++) {
            float xj = x[xo + j];
            s0 += w[w0 + j] * xj; s1 += w[w1 + j] * xj; s2 += w[w2 + j] * xj; s3 += w[w3 + j] * xj;
        }
        y[yo] = s0; y[yo + yStride] = s1; y[yo + 2 * yStride] = s2; y[yo + 3 * yStride] = s3;
    }

    static void dot4x4(float[] w, int w0, int n, float[] x, int xo, float[] y, int yo, int yStride, float[] lanes) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n, x1 = xo + n, x2 = x1 + n, x3 = x2 + n, j = 0;
        for (; j + L <= n; j += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + j), v1 = FloatVector.fromArray(S, w, w1 + j);
            FloatVector v2 = FloatVector.fromArray(S, w, w2 + j), v3 = FloatVector.fromArray(S, w, w3 + j);
            FloatVector u = FloatVector.fromArray(S, x, xo + j);
            a00 = v0.fma(u, a00); a01 = v1.fma(u, a01); a02 = v2.fma(u, a02); a03 = v3.fma(u, a03);
            u = FloatVector.fromArray(S, x, x1 + j);
            a10 = v0.fma(u, a10); a11 = v1.fma(u, a11); a12 = v2.fma(u, a12); a13 = v3.fma(u, a13);
            u = FloatVector.fromArray(S, x, x2 + j);
            a20 = v0.fma(u, a20); a21 = v1.fma(u, a21); a22 = v2.fma(u, a22); a23 = v3.fma(u, a23);
            u = FloatVector.fromArray(S, x, x3 + j);
            a30 = v0.fma(u, a30); a31 = v1.fma(u, a31); a32 = v2.fma(u, a32); a33 = v3.fma(u, a33);
        }
        // lane sums through a scratch array: passing vectors to a helper that C2 does not inline boxes them (5x slower)
        a00.intoArray(lanes, 0); a01.intoArray(lanes, L); a02.intoArray(lanes, 2 * L); a03.intoArray(lanes, 3 * L);
        a10.intoArray(lanes, 4 * L); a11.intoArray(lanes, 5 * L); a12.intoArray(lanes, 6 * L); a13.intoArray(lanes, 7 * L);
        a20.intoArray(lanes, 8 * L); a21.intoArray(lanes, 9 * L); a22.intoArray(lanes, 10 * L); a23.intoArray(lanes, 11 * L);
        a30.intoArray(lanes, 12 * L); a31.intoArray(lanes, 13 * L); a32.intoArray(lanes, 14 * L); a33.intoArray(lanes, 15 * L);
        for (int i = 0; i < 4; i++)
            for (int k = 0; k < 4; k++) {
                float s = 0;
                for (int l = 0, o = (4 * i + k) * L; l < L; l++) s += lanes[o + l];
                int wk = w0 + k * n, xi = xo + i * n;
                for (int t = j; t < n; t++) s += w[wk + t] * x[xi + t];
                y[yo + i * yStride + k] = s;
            }
    }

    /** Scratch for {@link #dot4x4}: 16 vectors. */
    static float[] lanes() { return new float[16 * L]; }

    static float dot(float[] w, int w0, int n, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j + L <= n; j += L) acc = FloatVector.fromArray(S, w, w0 + j).fma(FloatVector.fromArray(S, x, xo + j), acc);
        float s = VectorDecoders.sum(acc);
        for (; j < n; j++) s += w[w0 + j] * x[xo + j];
        return s;
    }
}
