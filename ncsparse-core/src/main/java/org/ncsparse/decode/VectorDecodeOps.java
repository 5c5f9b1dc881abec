package org.ncsparse.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.ExactExp;

/** Vector API bodies of {@link DecodeOps}: full-width FMAs, then a scalar tail. */
final class VectorDecodeOps {
    private VectorDecodeOps() {}

    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;

    static float upperBound(float[] q, int qOff, float[] min, float[] max, int off, int d) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(d); c < bound; c += S.length()) {
            FloatVector qv = FloatVector.fromArray(S, q, qOff + c);
            acc = acc.add(qv.mul(FloatVector.fromArray(S, min, off + c)).max(qv.mul(FloatVector.fromArray(S, max, off + c))));
        }
        float s = org.ncsparse.kernel.vector.Vec.sumLanes(acc);
        for (; c < d; c++) s += Math.max(q[qOff + c] * min[off + c], q[qOff + c] * max[off + c]);
        return s;
    }

    static double expShiftInPlace(float[] w, int n, float max) {
        FloatVector sum = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += S.length()) {
            FloatVector e = ExactExp.exp(FloatVector.fromArray(S, w, j).sub(max));
            e.intoArray(w, j);
            sum = sum.add(e);
        }
        double z = org.ncsparse.kernel.vector.Vec.sumLanes(sum);
        for (; j < n; j++) z += (w[j] = (float) Math.exp(w[j] - max));
        return z;
    }

    static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int c = 0;
        for (int bound = S.loopBound(dv); c < bound; c += S.length())
            FloatVector.fromArray(S, v, off + c).fma(wv, FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        for (; c < dv; c++) acc[c] += w * v[off + c];
    }
}
