package org.ncsparse.lab.claims;

import java.util.Arrays;

/**
 * Top-k dropped mass of every sampled row at one length n: per row at a fixed set of k (a dense
 * prefix 0..kRow plus the budgets' k), and per group of rows the summed curve for every k up to
 * kSel (for k*(tau), the smallest k whose mean dropped mass is &le; tau, with group-level resampling).
 */
public final class RowCurves {
    private final int n, kSel;
    private final int[] ks;
    private final double[][] tau;      // [row][index into ks]
    private final double[][] groupSum; // [group][k], k = 0..kSel
    private final int[] groupRows;

    RowCurves(int n, int[] ks, int rows, int groups, int kSel) {
        this.n = n;
        this.ks = ks;
        this.kSel = kSel;
        tau = new double[rows][ks.length];
        groupSum = new double[groups][kSel + 1];
        groupRows = new int[groups];
    }

    /** Records row r (of group g) from a computed curve. */
    void record(int r, int g, TopCurve c) {
        for (int i = 0; i < ks.length; i++) tau[r][i] = ks[i] >= n ? 0 : c.tau(ks[i]);
        double[] s = groupSum[g];
        for (int k = 0; k <= kSel; k++) s[k] += k >= n ? 0 : c.tau(k);
    }

    void countRows(int g, int count) { groupRows[g] = count; }

    public int n() { return n; }

    /** The largest k stored per row. */
    int maxStored() { return ks.length == 0 ? 0 : ks[ks.length - 1]; }

    public int rows() { return tau.length; }

    public int groups() { return groupSum.length; }

    public int kSel() { return kSel; }

    /** Whether per-row values are stored at k. */
    public boolean stored(int k) { return k >= n || Arrays.binarySearch(ks, k) >= 0; }

    /** Dropped mass of row r at k (k must be stored or &ge; n). */
    public double tau(int r, int k) {
        if (k >= n) return 0;
        int i = Arrays.binarySearch(ks, k);
        if (i < 0) throw new IllegalArgumentException("k=" + k + " is not stored at n=" + n);
        return tau[r][i];
    }

    /** The per-row values at k, one per row. */
    public double[] column(int k) {
        double[] c = new double[rows()];
        for (int r = 0; r < c.length; r++) c[r] = tau(r, k);
        return c;
    }

    /** Mean over all rows at k &le; kSel. */
    public double meanTau(int k) {
        if (k >= n) return 0;
        if (k > kSel) throw new IllegalArgumentException("k=" + k + " is beyond kSel=" + kSel);
        double s = 0;
        for (double[] g : groupSum) s += g[k];
        return s / rows();
    }

    /** Mean curve for k = 0..kSel. */
    public double[] meanCurve() {
        double[] m = new double[kSel + 1];
        for (int k = 0; k <= kSel; k++) m[k] = meanTau(k);
        return m;
    }

    /** Smallest k whose mean dropped mass over all rows is &le; target, or -1 when it exceeds kSel. */
    public int kStar(double target) {
        int[] all = new int[groups()];
        for (int g = 0; g < all.length; g++) all[g] = g;
        return kStar(target, all);
    }

    /** As {@link #kStar(double)} over a multiset of groups (a resample). */
    public int kStar(double target, int[] groupPick) {
        int rows = 0;
        for (int g : groupPick) rows += groupRows[g];
        for (int k = 1; k <= Math.min(kSel, n); k++) {
            double s = 0;
            for (int g : groupPick) s += groupSum[g][k];
            if (s / rows <= target) return k;
        }
        return n <= kSel ? n : -1;
    }
}
