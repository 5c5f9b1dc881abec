package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;

/**
 * acc = sum_t w[t] v_{keys[from + t]} over a row's kept keys (rows of a flat [n][dv] V at vOff): the
 * gathered P.V of the top-k path. Columns go in chunks of 4 vectors held in registers across all
 * kept rows (not an axpy per row, which reloads and stores the accumulator each time and chains
 * every row's FMAs through memory); even and odd t use separate accumulators, so two rows' loads
 * and FMAs are in flight at once. The sum order is fixed (even and odd partial sums, then added),
 * whatever the thread or warm-up.
 */
final class GatherRows {
    private GatherRows() {}

    static void accumulate(float[] w, int[] keys, int from, int count, float[] v, int vOff, int dv, float[] acc) {
        int c = 0;
        for (; c + 4 * L <= dv; c += 4 * L) chunk4(w, keys, from, count, v, vOff + c, dv, acc, c);
        for (; c + L <= dv; c += L) chunk1(w, keys, from, count, v, vOff + c, dv, acc, c);
        for (; c < dv; c++) {
            float a = 0f;
            for (int t = 0; t < count; t++) a += w[t] * v[vOff + keys[from + t] * dv + c];
            acc[c] = a;
        }
    }

    private static void chunk4(float[] w, int[] keys, int from, int count, float[] v, int base, int dv, float[] acc, int c) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S), b1 = FloatVector.zero(S), b2 = FloatVector.zero(S), b3 = FloatVector.zero(S);
        int t = 0;
        for (; t + 2 <= count; t += 2) {
            int o = base + keys[from + t] * dv, p = base + keys[from + t + 1] * dv;
            FloatVector x = FloatVector.broadcast(S, w[t]), y = FloatVector.broadcast(S, w[t + 1]);
            a0 = FloatVector.fromArray(S, v, o).fma(x, a0);
            a1 = FloatVector.fromArray(S, v, o + L).fma(x, a1);
            a2 = FloatVector.fromArray(S, v, o + 2 * L).fma(x, a2);
            a3 = FloatVector.fromArray(S, v, o + 3 * L).fma(x, a3);
            b0 = FloatVector.fromArray(S, v, p).fma(y, b0);
            b1 = FloatVector.fromArray(S, v, p + L).fma(y, b1);
            b2 = FloatVector.fromArray(S, v, p + 2 * L).fma(y, b2);
            b3 = FloatVector.fromArray(S, v, p + 3 * L).fma(y, b3);
        }
        if (t < count) {
            int o = base + keys[from + t] * dv;
            FloatVector x = FloatVector.broadcast(S, w[t]);
            a0 = FloatVector.fromArray(S, v, o).fma(x, a0);
            a1 = FloatVector.fromArray(S, v, o + L).fma(x, a1);
            a2 = FloatVector.fromArray(S, v, o + 2 * L).fma(x, a2);
            a3 = FloatVector.fromArray(S, v, o + 3 * L).fma(x, a3);
        }
        a0.add(b0).intoArray(acc, c);
        a1.add(b1).intoArray(acc, c + L);
        a2.add(b2).intoArray(acc, c + 2 * L);
        a3.add(b3).intoArray(acc, c + 3 * L);
    }

    private static void chunk1(float[] w, int[] keys, int from, int count, float[] v, int base, int dv, float[] acc, int c) {
        FloatVector a = FloatVector.zero(S), b = FloatVector.zero(S);
        int t = 0;
        for (; t + 2 <= count; t += 2) {
            a = FloatVector.fromArray(S, v, base + keys[from + t] * dv).fma(FloatVector.broadcast(S, w[t]), a);
            b = FloatVector.fromArray(S, v, base + keys[from + t + 1] * dv).fma(FloatVector.broadcast(S, w[t + 1]), b);
        }
        if (t < count) a = FloatVector.fromArray(S, v, base + keys[from + t] * dv).fma(FloatVector.broadcast(S, w[t]), a);
        a.add(b).intoArray(acc, c);
    }
}
