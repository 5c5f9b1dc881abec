package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Operations on one row's candidate buffer: (logit, key index) pairs stored in ascending key order. */
final class Candidates {
    private Candidates() {}

    /**
     * Keeps the k largest of the c candidates at [base, base+c), ties to the lower index, in place
     * and in order; returns the new threshold t (the k-th largest value).
     */
    static float cut(float[] cand, int[] idx, int base, int c, int k, Scratch s) {
        float t = kthLargest(cand, base, c, k);
        int above = countAtLeast(cand, base, c, Math.nextUp(t)); // #(> t)
        int ties = k - above, w = base;
        for (int i = base, end = base + c; i < end; i++) {
            float x = cand[i];
            if (x > t || (x == t && ties-- > 0)) { cand[w] = x; idx[w++] = idx[i]; }
        }
        return t;
    }

    /**
     * The k-th largest of cand[base, base+c), 1 &lt;= k &lt;= c: the largest float x with
     * #(candidates &gt;= x) &gt;= k, found by bisection over the floats' ordered bit patterns (at most
     * 32 SIMD counting passes, no data-dependent branches per element, unlike quickselect).
     */
    static float kthLargest(float[] cand, int base, int c, int k) {
        float mx = VectorRowOps.max(cand, base, c);
        if (countAtLeast(cand, base, c, mx) >= k) return mx;
        long lo = orderedKey(min(cand, base, c)), hi = orderedKey(mx); // #(>= lo) >= k > #(>= hi)
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            float x = fromOrderedKey(mid);
            int cnt = countAtLeast(cand, base, c, x);
            if (cnt == k) return minAtLeast(cand, base, c, x); // exactly k at or above x: the smallest of them
            if (cnt > k) lo = mid; else hi = mid;
        }
        return fromOrderedKey(lo);
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

    private static float min(float[] cand, int base, int c) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = base; i < base + c; i++) m = Math.min(m, cand[i]);
        return m;
    }

    private static float minAtLeast(float[] cand, int base, int c, float x) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = base; i < base + c; i++) if (cand[i] >= x) m = Math.min(m, cand[i]);
        return m;
    }

    private static int countAtLeast(float[] cand, int base, int c, float t) {
        int i = 0, cnt = 0, bound = S.loopBound(c);
        FloatVector tv = FloatVector.broadcast(S, t);
        for (; i < bound; i += L) cnt += FloatVector.fromArray(S, cand, base + i).compare(VectorOperators.GE, tv).trueCount();
        for (; i < c; i++) if (cand[base + i] >= t) cnt++;
        return cnt;
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
