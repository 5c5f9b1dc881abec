package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.QueryTile.R;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Lower bounds t_i on each row's k-th largest logit, kept by the top-k tiles ({@link TopKTiles}):
 * if at least k distinct keys of row i have a logit &gt;= t, the row's k-th largest logit is &gt;= t
 * and no key below t can be in its top k. The keys counted are the row's candidates so far
 * ({@link RowCandidates}) and, for the block of keys not yet admitted, one key per sub-block of b
 * keys: the sub-block's maximum m_u (one vector max per key and 16 rows). t is found per lane by
 * bisection on the values, the maxima counted for all rows of a lane group at once, starting from
 * the row's current bound. A lane group bisects only when its rows have on average 2k values at or
 * above their bounds, so later blocks, where few keys reach them, mostly cost one counting pass.
 */
final class SegmentBound {
    private SegmentBound() {}

    /**
     * Bisection steps: the bound ends within (max - min of the counted values at or above the old
     * bound) / 2^7 below the k-th largest, so about k of them stay at or above it.
     */
    private static final int STEPS = 7;

    /** bm[u][lane] = max over keys [u*b, min(u*b + b, len)) of st[j][lane]; returns U = ceil(len / b). */
    static int subBlockMaxima(float[] st, int len, int b, float[] bm) {
        int u = 0;
        for (int j0 = 0; j0 < len; j0 += b, u++) {
            int end = Math.min(len, j0 + b), out = u * BR;
            for (int r = 0; r < R; r++) {
                int lo = r * L;
                FloatVector m = FloatVector.fromArray(S, st, j0 * BR + lo);
                for (int j = j0 + 1, o = j * BR + lo; j < end; j++, o += BR) { // compare and blend: a third of Java's max (see QueryTile.scores6)
                    FloatVector x = FloatVector.fromArray(S, st, o);
                    m = m.blend(x, x.compare(VectorOperators.GT, m));
                }
                m.intoArray(bm, out + lo);
            }
        }
        return u;
    }

    /**
     * Raises thr[lane] towards the k-th largest of {candidates, sub-block maxima} (kf[lane] = k)
     * where at least 1.5k of them reach the current thr, once the lane group holds 2k per row on
     * average; above[lane] holds the number of candidates &gt;= thr[lane] (kept by the caller's
     * admissions) and is recounted for the raised lanes. Lanes with thr = +inf (padding) never move.
     */
    static void raise(float[] bm, int units, float[] cand, int[] count, int cap, float[] kf, float[] thr, float[] above,
                      float[] work) {
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector t = FloatVector.fromArray(S, thr, lo), k = FloatVector.fromArray(S, kf, lo);
            FloatVector cnt = FloatVector.fromArray(S, above, lo);
            for (int u = 0, o = lo; u < units; u++, o += BR) cnt = cnt.add(1f, FloatVector.fromArray(S, bm, o).compare(VectorOperators.GE, t));
            VectorMask<Float> open = cnt.compare(VectorOperators.GE, k.mul(1.5f));
            if (open.anyTrue() && cnt.sub(k.mul(2f)).reduceLanes(VectorOperators.ADD) >= 0)
                bisect(bm, units, cand, count, cap, lo, t, k, open, thr, above, work);
        }
    }

    /** The bisection of {@link #raise} for one lane group; invariant per open lane: #(values &gt;= lower) &gt;= k. */
    private static void bisect(float[] bm, int units, float[] cand, int[] count, int cap, int lo, FloatVector t, FloatVector k,
                               VectorMask<Float> open, float[] thr, float[] above, float[] work) {
        long lanes = open.toLong();
        // the candidates' range per lane, then the maxima's: low = smallest value >= t (count unchanged), hi = largest
        for (int i = 0; i < L; i++) {
            float lw = Float.POSITIVE_INFINITY, hw = Float.NEGATIVE_INFINITY;
            if ((lanes >>> i & 1) != 0) {
                int lane = lo + i, base = lane * cap;
                FloatVector tv = FloatVector.broadcast(S, thr[lane]), mn = FloatVector.broadcast(S, Float.POSITIVE_INFINITY), mx = Vec.negInf();
                for (int c = 0; c < count[lane]; c += L) {
                    FloatVector x = FloatVector.fromArray(S, cand, base + c);
                    mn = mn.min(x.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.LT, tv)));
                    mx = mx.blend(x, x.compare(VectorOperators.GT, mx));
                }
                lw = mn.reduceLanes(VectorOperators.MIN);
                hw = mx.reduceLanes(VectorOperators.MAX);
            }
            work[i] = lw;
            work[L + i] = hw;
        }
        FloatVector low = FloatVector.fromArray(S, work, 0), hi = FloatVector.fromArray(S, work, L);
        for (int u = 0, o = lo; u < units; u++, o += BR) {
            FloatVector m = FloatVector.fromArray(S, bm, o);
            VectorMask<Float> in = m.compare(VectorOperators.GE, t);
            hi = hi.blend(m, m.compare(VectorOperators.GT, hi));
            low = low.min(m.blend(Float.POSITIVE_INFINITY, in.not()));
        }
        FloatVector lower = low.blend(t, open.not());
        hi = hi.blend(t, open.not());
        for (int step = 0; step < STEPS; step++) {
            FloatVector mid = lower.add(hi.sub(lower).mul(0.5f));
            FloatVector c = counts(cand, count, cap, lo, lanes, mid, work);
            for (int u = 0, o = lo; u < units; u++, o += BR)
                c = c.add(1f, FloatVector.fromArray(S, bm, o).compare(VectorOperators.GE, mid));
            VectorMask<Float> enough = c.compare(VectorOperators.GE, k).and(open);
            lower = lower.blend(mid, enough);
            hi = hi.blend(mid, enough.not().and(open));
        }
        FloatVector bound = t.max(lower);
        FloatVector kept = counts(cand, count, cap, lo, lanes, bound, work);
        bound.intoArray(thr, lo);
        kept.blend(FloatVector.fromArray(S, above, lo), open.not()).intoArray(above, lo);
    }

    /** Per lane of the group (only the lanes set in {@code lanes}): #(candidates &gt;= x[lane]), as a vector. */
    private static FloatVector counts(float[] cand, int[] count, int cap, int lo, long lanes, FloatVector x, float[] work) {
        x.intoArray(work, 2 * L);
        for (int i = 0; i < L; i++) {
            int lane = lo + i;
            work[i] = (lanes >>> i & 1) == 0 ? 0 : RowCandidates.countAtLeast(cand, lane * cap, count[lane], work[2 * L + i]);
        }
        return FloatVector.fromArray(S, work, 0);
    }
}
