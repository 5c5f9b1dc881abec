package org.ncsparse.lab.claims;

import java.util.Arrays;

/**
 * The top-k dropped mass curve of one softmax row, for k = 0..K, in O(n + K log K): weights
 * w_j = e^{z_j - max}; the K largest are moved to the front by quickselect and sorted; the rest are
 * summed once. dropped(k) = (sum of the rest + sum of ranks k+1..K) / total, summed from the
 * smallest up so small tails keep their precision. Buffers are reused: one instance per worker.
 */
public final class TopCurve {
    private double[] w = new double[0], dropped = new double[1];
    private int kTop;

    /** Computes the curve of z[0..n) up to K = min(n, kMax). */
    public void compute(double[] z, int n, int kMax) {
        if (w.length < n) w = new double[n];
        kTop = Math.min(n, kMax);
        if (dropped.length < kTop + 1) dropped = new double[kTop + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z[j]);
        double total = 0;
        for (int j = 0; j < n; j++) { double e = Math.exp(z[j] - max); w[j] = e; total += e; }
        selectLargest(w, n, kTop);
        double rest = 0;
        for (int j = kTop; j < n; j++) rest += w[j];
        Arrays.sort(w, 0, kTop); // ascending: rank i (1-based) is w[kTop - i]
        double acc = rest;
        dropped[kTop] = acc / total;
        for (int k = kTop - 1; k >= 0; k--) { acc += w[kTop - 1 - k]; dropped[k] = acc / total; }
    }

    /** K of the last compute. */
    public int kTop() { return kTop; }

    /** Dropped mass of the top k (k &le; K; 0 for k &ge; n). */
    public double tau(int k) {
        if (k > kTop) throw new IllegalArgumentException("k=" + k + " is beyond the computed top " + kTop);
        return dropped[Math.max(0, k)];
    }

    /**
     * Rearranges a[0..n) so that a[0..k) holds the k largest values (in no order): iterative
     * quickselect with a median-of-three pivot, expected O(n).
     */
    static void selectLargest(double[] a, int n, int k) {
        if (k <= 0 || k >= n) return;
        int lo = 0, hi = n - 1, target = k - 1; // position of the k-th largest in descending order
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double x = a[lo], y = a[mid], zz = a[hi];
            double pivot = x > y ? (y > zz ? y : Math.min(x, zz)) : (x > zz ? x : Math.min(y, zz));
            int i = lo, j = hi;
            while (i <= j) { // descending partition
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j) { double t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
            }
            if (target <= j) hi = j; else if (target >= i) lo = i; else return;
        }
    }
}
