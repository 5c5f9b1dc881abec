package org.ncsparse.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API bodies of {@link DecodeOps}: full-width FMAs, then a scalar tail. */
final class VectorDecodeOps {
    private VectorDecodeOps() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static float dot(float[] a, int aOff, float[] b, int bOff, int d) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(d); c < bound; c += S.length())
            acc = FloatVector.fromArray(S, a, aOff + c).fma(FloatVector.fromArray(S, b, bOff + c), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; c < d; c++) s += a[aOff + c] * b[bOff + c];
        return s;
    }

    static float upperBound(float[] q, int qOff, float[] min, float[] max, int off, int d) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(d); c < bound; c += S.length()) {
            FloatVector qv = FloatVector.fromArray(S, q, qOff + c);
            acc = acc.add(qv.mul(FloatVector.fromArray(S, min, off + c)).max(qv.mul(FloatVector.fromArray(S, max, off + c))));
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; c < d; c++) s += Math.max(q[qOff + c] * min[off + c], q[qOff + c] * max[off + c]);
        return s;
    }

    static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int c = 0;
        for (int bound = S.loopBound(dv); c < bound; c += S.length())
            FloatVector.fromArray(S, v, off + c).fma(wv, FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        for (; c < dv; c++) acc[c] += w * v[off + c];
    }
}
