package org.ncsparse.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link DecodeOps#upperBound}: full-width lanes, then a scalar tail. */
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
}
