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

    static float dot(float[] w, int w0, int n, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j + L <= n; j += L) acc = FloatVector.fromArray(S, w, w0 + j).fma(FloatVector.fromArray(S, x, xo + j), acc);
        float s = VectorDecoders.sum(acc);
        for (; j < n; j++) s += w[w0 + j] * x[xo + j];
        return s;
    }
}
