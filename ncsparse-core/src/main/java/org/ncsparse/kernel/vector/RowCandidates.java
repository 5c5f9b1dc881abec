package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The candidate buffers of the top-k tiles: row (lane) i owns cand[i*cap, i*cap + cap) and the
 * matching key indices in idx, count[i] of them in use, in ascending key order. The slots from
 * count[i] up to the next multiple of L hold -inf, so counting and compaction run over whole
 * vectors with no scalar tail and no mask. Appends gather the row's logits of one sub-block from
 * the transposed logit tile, keep those &gt;= the row's bound and compress them onto the end: no
 * branch per key, whatever fraction passes.
 */
final class RowCandidates {
    private RowCandidates() {}

    /** GATHER[j] = j * BR: key j of a sub-block in the transposed logit tile, relative to its first key. */
    private static final int[] GATHER = gather();
    private static final int[] IOTA = iota();

    private static int[] gather() {
        int[] g = new int[L];
        for (int j = 0; j < L; j++) g[j] = j * BR;
        return g;
    }

    private static int[] iota() {
        int[] a = new int[L];
        for (int j = 0; j < L; j++) a[j] = j;
        return a;
    }

    /**
     * Appends the keys j0 + j (j &lt; n &lt;= L) of lane {@code lane} of the logit tile st whose logit
     * is &gt;= t, with key index s0 + j0 + j, at cand[at]; needs at + 2L inside the row (the second
     * vector of -inf keeps the padding up to the next multiple of L). Returns how many were appended.
     */
    static int append(float[] st, int j0, int n, int lane, float t, int s0, float[] cand, int[] idx, int at) {
        VectorMask<Float> in = S.indexInRange(0, n);
        FloatVector x = FloatVector.fromArray(S, st, j0 * BR + lane, GATHER, 0, in);
        VectorMask<Float> pass = x.compare(VectorOperators.GE, t).and(in);
        int p = pass.trueCount();
        IntVector iota = IntVector.fromArray(Vec.SI, IOTA, 0);
        x.compress(pass).blend(Float.NEGATIVE_INFINITY, iota.compare(VectorOperators.GE, p).cast(S)).intoArray(cand, at);
        FloatVector.broadcast(S, Float.NEGATIVE_INFINITY).intoArray(cand, at + L);
        iota.add(s0 + j0).compress(pass.cast(Vec.SI)).intoArray(idx, at);
        return p;
    }

    /** #(cand[base, base + c) &gt;= t), over whole vectors (the -inf padding never counts). */
    static int countAtLeast(float[] cand, int base, int c, float t) {
        FloatVector tv = FloatVector.broadcast(S, t);
        int n = 0;
        for (int i = 0; i < c; i += L) n += FloatVector.fromArray(S, cand, base + i).compare(VectorOperators.GE, tv).trueCount();
        return n;
    }

    /**
     * Keeps, in place and in order, the candidates &gt;= t of the row at base (count c), restores the
     * -inf padding and returns the new count.
     */
    static int compact(float[] cand, int[] idx, int base, int c, float t) {
        int w = base;
        FloatVector tv = FloatVector.broadcast(S, t);
        for (int i = 0; i < c; i += L) {
            FloatVector x = FloatVector.fromArray(S, cand, base + i);
            VectorMask<Float> keep = x.compare(VectorOperators.GE, tv);
            int p = keep.trueCount();
            x.compress(keep).intoArray(cand, w);
            IntVector.fromArray(Vec.SI, idx, base + i).compress(keep.cast(Vec.SI)).intoArray(idx, w);
            w += p;
        }
        int n = w - base;
        pad(cand, base, n);
        return n;
    }

    /** -inf into the slots from n up to the next multiple of L. */
    static void pad(float[] cand, int base, int n) {
        java.util.Arrays.fill(cand, base + n, base + (n + L - 1) / L * L, Float.NEGATIVE_INFINITY);
    }

    /**
     * Cuts the row at base (count c, key order) to its k largest candidates, ties to the lower index,
     * in place and in order, restoring the padding; returns min(c, k). t, the k-th largest, is the
     * largest float x with #(&gt;= x) &gt;= k, found by bisection over the floats' ordered bit patterns
     * with whole-vector counts, stopping as soon as some x has exactly k at or above it; when only
     * the k-th itself sits at t (no tie to break) the cut is one vector compaction.
     */
    static int keepTopK(float[] cand, int[] idx, int base, int c, int k) {
        if (c <= k) return c;
        FloatVector mx = Vec.negInf(), mn = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        for (int i = 0; i < c; i += L) {
            FloatVector x = FloatVector.fromArray(S, cand, base + i);
            mx = mx.blend(x, x.compare(VectorOperators.GT, mx)); // compare and blend: a third of Java's max (candidates are never NaN)
            mn = mn.min(x.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.NEGATIVE_INFINITY)));
        }
        float max = mx.reduceLanes(VectorOperators.MAX), min = mn.reduceLanes(VectorOperators.MIN);
        float t;
        if (countAtLeast(cand, base, c, max) >= k) t = max;
        else {
            long lo = orderedKey(min), hi = orderedKey(max); // #(>= lo) >= k > #(>= hi)
            t = Float.NaN;
            while (hi - lo > 1) {
                long mid = (lo + hi) >>> 1;
                float x = fromOrderedKey(mid);
                int n = countAtLeast(cand, base, c, x);
                if (n == k) { t = minAtLeast(cand, base, c, x); break; }
                if (n > k) lo = mid; else hi = mid;
            }
            if (Float.isNaN(t)) t = fromOrderedKey(lo);
        }
        int atOrAbove = countAtLeast(cand, base, c, t);
        if (atOrAbove == k) return compact(cand, idx, base, c, t);
        int ties = k - countAtLeast(cand, base, c, Math.nextUp(t)), w = base; // keys equal to t to keep, lowest first
        for (int i = base, end = base + c; i < end; i++) {
            float x = cand[i];
            if (x > t || (x == t && ties-- > 0)) { cand[w] = x; idx[w++] = idx[i]; }
        }
        pad(cand, base, k);
        return k;
    }

    /** The smallest of the c (finite) candidates at base. */
    static float min(float[] cand, int base, int c) {
        return minAtLeast(cand, base, c, -Float.MAX_VALUE);
    }

    private static float minAtLeast(float[] cand, int base, int c, float x) {
        FloatVector xv = FloatVector.broadcast(S, x), m = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        for (int i = 0; i < c; i += L) {
            FloatVector v = FloatVector.fromArray(S, cand, base + i);
            m = m.min(v.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.LT, xv)));
        }
        return m.reduceLanes(VectorOperators.MIN);
    }

    /** Float bits mapped to a long that orders like the float (negative floats flipped). */
    private static long orderedKey(float x) {
        int b = Float.floatToRawIntBits(x);
        return (long) (b >= 0 ? b : b ^ 0x7fffffff) + (1L << 31);
    }

    private static float fromOrderedKey(long key) {
        int b = (int) (key - (1L << 31));
        return Float.intBitsToFloat(b >= 0 ? b : b ^ 0x7fffffff);
    }

    /**
     * The kept key indices, ascending: the c candidates, plus, when fewer than k keys had a finite
     * logit, the lowest-index masked (-inf) keys to fill the count (as the reference selector does;
     * they carry no weight). Returns the count, min(k, visible).
     */
    static int keptIndices(int[] idx, int base, int c, int k, int visible, int[] kept) {
        int want = Math.min(k, visible);
        if (c >= want) { System.arraycopy(idx, base, kept, 0, c); return c; }
        int n = 0, p = 0, extra = want - c;
        for (int j = 0; j < visible && n < want; j++) {
            if (p < c && idx[base + p] == j) { kept[n++] = j; p++; }
            else if (extra > 0) { kept[n++] = j; extra--; }
        }
        return n;
    }
}
