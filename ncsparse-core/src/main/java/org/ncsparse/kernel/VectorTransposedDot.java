package org.ncsparse.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link TransposedDot}. */
final class VectorTransposedDot {
    private VectorTransposedDot() {}

    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;

    static float score(float[] q, int qOff, float[] t, int tOff, int stride, int len, int d, float scale, float[] out, int outOff) {
        float max = Float.NEGATIVE_INFINITY;
        int s = 0;
        for (int bound = S.loopBound(len); s < bound; s += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int c = 0; c < d; c++)
                acc = FloatVector.fromArray(S, t, tOff + c * stride + s).fma(FloatVector.broadcast(S, q[qOff + c]), acc);
            acc = acc.mul(scale);
            acc.intoArray(out, outOff + s);
            max = Math.max(max, acc.reduceLanes(VectorOperators.MAX));
        }
        return TransposedDot.scalar(q, qOff, t, tOff, stride, s, len, d, scale, out, outOff, max);
    }
}
