package org.ncsparse.lab;

import java.util.Arrays;

/**
 * Everything the experiments measure on one softmax row, from its logits (double precision).
 *
 * <p>p_j = e^{z_j - max} / sum; ranks by descending logit (ties: lower index first, as in core).
 * With p_(1) &ge; p_(2) &ge; ... and the top-k set T:
 * <ul>
 *   <li>dropped mass tau(k) = sum_{i&gt;k} p_(i) (summed from the smallest up, for accuracy);</li>
 *   <li>||p' - p||_1 = 2 tau(k) (identity), ||p' - p||_2^2 = (tau/(1-tau))^2 sum_{i&le;k} p_(i)^2 + sum_{i&gt;k} p_(i)^2,
 *       since p'_j = p_j / (1 - tau) on T;</li>
 *   <li>S_eps = #{j : p_j &ge; eps}; k_mass(1 - tau) = min{k : tau(k) &le; tau}; effective support e^{H(p)};</li>
 *   <li>outputs o = sum_j p_j v_j and o'_k = sum_{j in T} p_j v_j / (1 - tau(k)).</li>
 * </ul>
 * Buffers are reused across rows: one instance per worker thread.
 */
public final class RowProfile {
    private final int n;
    final double[] p, sorted, dropped, droppedSq;
    private final double[] z;
    private int[] top = new int[0];
    private double entropy;

    public RowProfile(int n) {
        this.n = n;
        z = new double[n]; p = new double[n]; sorted = new double[n];
        dropped = new double[n + 1]; droppedSq = new double[n + 1];
    }

    public double[] logitBuffer() { return z; }

    /** Computes the profile of the logits in {@link #logitBuffer()}; keeps the top {@code kMax} indices in rank order. */
    public void compute(int kMax) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z[j]);
        double total = 0;
        for (int j = 0; j < n; j++) { p[j] = Math.exp(z[j] - max); total += p[j]; }
        double inv = 1 / total, h = 0;
        for (int j = 0; j < n; j++) {
            double pj = p[j] * inv;
            p[j] = pj;
            if (pj > 0) h -= pj * Math.log(pj);
        }
        entropy = h;
        System.arraycopy(p, 0, sorted, 0, n);
        Arrays.sort(sorted); // ascending; rank i (1-based, descending) is sorted[n - i]
        dropped[n] = 0; droppedSq[n] = 0;
        for (int k = n - 1; k >= 0; k--) { // dropped[k] = mass outside the top k
            double v = sorted[n - 1 - k];
            dropped[k] = dropped[k + 1] + v;
            droppedSq[k] = droppedSq[k + 1] + v * v;
        }
        selectTop(Math.min(kMax, n));
    }

    /** Indices of the kMax largest logits in rank order (descending logit, ties by lower index). */
    private void selectTop(int kMax) {
        if (top.length != kMax) top = new int[kMax];
        if (kMax == 0) return;
        int count = 0;
        for (int j = 0; j < n; j++) { // insertion into a bounded, sorted list
            if (count == kMax && !(z[j] > z[top[kMax - 1]])) continue;
            int pos = count == kMax ? kMax - 1 : count++;
            while (pos > 0 && z[top[pos - 1]] < z[j]) { top[pos] = top[pos - 1]; pos--; }
            top[pos] = j;
        }
    }

    public int n() { return n; }

    public double tau(int k) { return dropped[Math.max(0, Math.min(k, n))]; }

    /** ||p' - p||_2^2 for the top-k row. */
    public double l2ErrorSq(int k) {
        k = Math.max(1, Math.min(k, n));
        double t = dropped[k], keptSq = droppedSq[0] - droppedSq[k];
        double f = t / (1 - t);
        return f * f * keptSq + droppedSq[k];
    }

    /** S_eps = #{j : p_j &ge; eps}. */
    public int sEps(double eps) {
        int idx = Arrays.binarySearch(sorted, eps);
        if (idx < 0) idx = -idx - 1;
        else while (idx > 0 && sorted[idx - 1] == eps) idx--;
        return n - idx;
    }

    /** k_mass(1 - tau): the smallest k with dropped mass &le; tau. */
    public int kMass(double tau) {
        int lo = 0, hi = n; // dropped[hi] = 0 <= tau
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (dropped[mid] <= tau) hi = mid; else lo = mid;
        }
        return dropped[lo] <= tau ? Math.max(lo, 1) : hi;
    }

    public double effectiveSupport() { return Math.exp(entropy); }

    /**
     * Output errors for each budget k (all &le; kMax): fills errSq[b] = ||o'_k - o||^2 and returns ||o||^2.
     * V is [n][dv] row-major.
     */
    public double outputErrors(double[] v, int dv, int[] ks, double[] errSq) {
        double[] o = new double[dv], part = new double[dv];
        for (int j = 0; j < n; j++) {
            double pj = p[j];
            int off = j * dv;
            for (int t = 0; t < dv; t++) o[t] += pj * v[off + t];
        }
        int[] order = sortedBudgetOrder(ks);
        int done = 0;
        for (int oi : order) {
            int k = Math.min(ks[oi], top.length);
            for (; done < k; done++) {
                int j = top[done];
                double pj = p[j];
                int off = j * dv;
                for (int t = 0; t < dv; t++) part[t] += pj * v[off + t];
            }
            double keptMass = 1 - tau(k), e = 0;
            for (int t = 0; t < dv; t++) { double diff = part[t] / keptMass - o[t]; e += diff * diff; }
            errSq[oi] = e;
        }
        double norm = 0;
        for (int t = 0; t < dv; t++) norm += o[t] * o[t];
        return norm;
    }

    private static int[] sortedBudgetOrder(int[] ks) {
        Integer[] idx = new Integer[ks.length];
        for (int i = 0; i < ks.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Integer.compare(ks[a], ks[b]));
        int[] out = new int[ks.length];
        for (int i = 0; i < ks.length; i++) out[i] = idx[i];
        return out;
    }

    /** The kept indices of the top-k row, in rank order (k &le; the kMax given to compute). */
    public int[] topIndices(int k) { return Arrays.copyOf(top, Math.min(k, top.length)); }
}
