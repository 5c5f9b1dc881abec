package org.ncsparse.kernel.vector;

import org.ncsparse.select.RowSelector;

/** Operations on one row's candidate buffer: (logit, key index) pairs stored in ascending key order. */
final class Candidates {
    private Candidates() {}

    /**
     * Keeps the k largest of the c candidates at [base, base+c), ties to the lower index, in place
     * and in order; returns the new threshold t (the k-th largest value).
     */
    static float cut(float[] cand, int[] idx, int base, int c, int k, Scratch s) {
        float[] work = s.work = Scratch.grow(s.work, c);
        System.arraycopy(cand, base, work, 0, c);
        float t = RowSelector.kthLargest(work, c, k);
        int above = 0;
        for (int i = 0; i < c; i++) if (cand[base + i] > t) above++;
        int ties = k - above, w = base;
        for (int i = base, end = base + c; i < end; i++) {
            float x = cand[i];
            if (x > t || (x == t && ties-- > 0)) { cand[w] = x; idx[w++] = idx[i]; }
        }
        return t;
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
