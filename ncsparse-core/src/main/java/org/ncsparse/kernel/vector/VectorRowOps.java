package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Vector API bodies of {@link org.ncsparse.kernel.RowOps}: full-width lanes, then a scalar tail. */
public final class VectorRowOps {
    private VectorRowOps() {}

    public static float max(float[] x, int n) { return max(x, 0, n); }

    /** max of x[from, from + n); -inf when n = 0. */
    static float max(float[] x, int from, int n) {
        int i = 0, bound = S.loopBound(n);
        FloatVector m = Vec.negInf();
        for (; i < bound; i += L) { // compare and blend, a third of Java's max: a NaN logit still makes its row NaN, through its exp
            FloatVector t = FloatVector.fromArray(S, x, from + i);
            m = m.blend(t, t.compare(VectorOperators.GT, m));
        }
        float max = m.reduceLanes(VectorOperators.MAX); // max is exact in any order
        for (; i < n; i++) max = Math.max(max, x[from + i]);
        return max;
    }

    /** Lanes by {@link ExactExp}, the tail by Math.exp; the lane sum in a fixed order (see {@link Vec#sumLanes}). */
    public static double expShiftInPlace(float[] w, int n, float max) {
        int j = 0, bound = S.loopBound(n);
        FloatVector shift = Vec.safeShift(FloatVector.broadcast(S, max)), sum = FloatVector.zero(S);
        for (; j < bound; j += L) {
            FloatVector p = ExactExp.exp(FloatVector.fromArray(S, w, j).sub(shift));
            p.intoArray(w, j);
            sum = sum.add(p);
        }
        double total = Vec.sumLanes(sum);
        float sh = max == Float.NEGATIVE_INFINITY ? 0f : max;
        for (; j < n; j++) total += (w[j] = (float) Math.exp(w[j] - sh));
        return total;
    }

    public static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        int bound = S.loopBound(dv), c = 0;
        FloatVector wv = FloatVector.broadcast(S, w);
        for (; c < bound; c += L) FloatVector.fromArray(S, v, off + c).fma(wv, FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        for (; c < dv; c++) acc[c] += w * v[off + c];
    }
}
