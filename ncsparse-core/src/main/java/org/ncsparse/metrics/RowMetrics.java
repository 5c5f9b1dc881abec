package org.ncsparse.metrics;

import java.util.Arrays;

/**
 * Metrics of one softmax row p[0..n) (SPEC section 1). All in double precision; none allocates more
 * than O(n).
 */
public final class RowMetrics {
    private RowMetrics() {}

    /** Kept mass sum_{j in T} p_j of the kept set {@code kept[0..count)}. */
    public static double keptMass(double[] p, int[] kept, int count) {
        double m = 0;
        for (int t = 0; t < count; t++) m += p[kept[t]];
        return m;
    }

    /** Dropped mass tau = 1 - sum_{j in T} p_j (clamped at 0 against rounding). */
    public static double droppedMass(double[] p, int[] kept, int count) {
        return Math.max(0, 1 - keptMass(p, kept, count));
    }

    /**
     * ||p' - p||_1 computed entry by entry, where p' renormalises p over T. Equals 2 tau (an identity
     * tested in the suite): on T, p'_j - p_j = p_j tau / (1 - tau), summing to tau; off T, p_j sums to tau.
     */
    public static double l1Error(double[] p, int n, int[] kept, int count) {
        double keptMass = keptMass(p, kept, count), err = 0;
        int t = 0;
        for (int j = 0; j < n; j++) {
            if (t < count && kept[t] == j) { err += Math.abs(p[j] / keptMass - p[j]); t++; }
            else err += p[j];
        }
        return err;
    }

    /** Squared l2 distance ||p' - p||_2^2 of the row: one row's share of the Frobenius norm. */
    public static double l2ErrorSquared(double[] p, int n, int[] kept, int count) {
        double keptMass = keptMass(p, kept, count), err = 0;
        int t = 0;
        for (int j = 0; j < n; j++) {
            double diff;
            if (t < count && kept[t] == j) { diff = p[j] / keptMass - p[j]; t++; }
            else diff = -p[j];
            err += diff * diff;
        }
        return err;
    }

    /** S_eps = #{j : p_j &ge; eps}: the effective (non-negligible) entries. n - S_eps are ineffective. */
    public static int effectiveCount(double[] p, int n, double eps) {
        int s = 0;
        for (int j = 0; j < n; j++) if (p[j] >= eps) s++;
        return s;
    }

    /** k_mass(1 - tau): the smallest k whose top-k mass is &ge; 1 - tau (at least 1). Uses O(n) scratch. */
    public static int kMass(double[] p, int n, double tau) {
        double[] sorted = Arrays.copyOf(p, n);
        Arrays.sort(sorted);
        return kMassSorted(sorted, n, tau);
    }

    /** As {@link #kMass} for a row already sorted ascending (lets callers reuse one sort for many tau). */
    public static int kMassSorted(double[] ascending, int n, double tau) {
        double need = 1 - tau, acc = 0;
        int k = 0;
        for (int r = n - 1; r >= 0 && (k == 0 || acc < need); r--, k++) acc += ascending[r];
        return k;
    }

    /** Effective support exp(H(p)) with H the Shannon entropy in nats: n for uniform, 1 for one-hot. */
    public static double effectiveSupport(double[] p, int n) {
        double h = 0;
        for (int j = 0; j < n; j++) if (p[j] > 0) h -= p[j] * Math.log(p[j]);
        return Math.exp(h);
    }
}
