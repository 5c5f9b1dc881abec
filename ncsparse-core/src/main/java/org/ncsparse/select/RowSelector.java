package org.ncsparse.select;

import java.util.Arrays;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.MassBudget;
import org.ncsparse.budget.SinkWindowBudget;
import org.ncsparse.budget.ThresholdBudget;
import org.ncsparse.budget.UnionBudget;

/**
 * The fast exact selector for one row of float logits: top-k by quickselect (expected O(n), no
 * full sort), threshold by one pass, mass by a sort of a copy. Same result as
 * {@link ReferenceSelector} (ties to the lower index). One instance per worker; not thread-safe.
 */
public final class RowSelector {
    private final float[] work;
    private final boolean[] mark;

    /** Largest row length this selector takes. */
    public int capacity() { return work.length; }

    public RowSelector(int capacity) {
        work = new float[capacity];
        mark = new boolean[capacity];
    }

    /** Kept indices of {@code logits[0..n)} into {@code kept}, ascending; returns the count. */
    public int select(BudgetPolicy policy, float[] logits, int n, int[] kept) {
        if (policy instanceof CountBudget c) return topK(logits, n, c.k(n), kept);
        if (policy instanceof MassBudget mb) return topK(logits, n, massCount(logits, n, mb.tau()), kept);
        Arrays.fill(mark, 0, n, false);
        markKept(policy, logits, n, kept);
        int count = 0;
        for (int j = 0; j < n; j++) if (mark[j]) kept[count++] = j;
        return count;
    }

    /** The k largest logits, ties to the lower index, ascending in {@code kept}. */
    public int topK(float[] logits, int n, int k, int[] kept) {
        if (k >= n) {
            for (int j = 0; j < n; j++) kept[j] = j;
            return n;
        }
        System.arraycopy(logits, 0, work, 0, n);
        float t = kthLargest(work, n, k);
        int above = 0;
        for (int j = 0; j < n; j++) if (logits[j] > t) above++;
        int ties = k - above, count = 0;
        for (int j = 0; j < n; j++) {
            float l = logits[j];
            if (l > t || (l == t && ties-- > 0)) kept[count++] = j;
        }
        return count;
    }

    private void markKept(BudgetPolicy policy, float[] logits, int n, int[] scratch) {
        switch (policy) {
            case CountBudget c -> { int cnt = topK(logits, n, c.k(n), scratch); for (int t = 0; t < cnt; t++) mark[scratch[t]] = true; }
            case MassBudget mb -> { int cnt = topK(logits, n, massCount(logits, n, mb.tau()), scratch); for (int t = 0; t < cnt; t++) mark[scratch[t]] = true; }
            case ThresholdBudget th -> {
                float max = max(logits, n);
                double z = partition(logits, n, max), cut = th.eps() * z;
                for (int j = 0; j < n; j++) if (Math.exp(logits[j] - max) >= cut || logits[j] == max) mark[j] = true;
            }
            case SinkWindowBudget sw -> {
                for (int j = 0; j < Math.min(sw.sinks(), n); j++) mark[j] = true;
                for (int j = Math.max(0, n - sw.window()); j < n; j++) mark[j] = true;
            }
            case UnionBudget u -> { for (BudgetPolicy p : u.members()) markKept(p, logits, n, scratch); }
        }
    }

    /**
     * Smallest k whose top-k mass reaches 1 - tau (at least 1). Only keys with p_j >= tau/n are
     * sorted: the others hold less than n * tau/n = tau of the mass together, so the top keys reach
     * 1 - tau before running out of candidates (if rounding says otherwise, all keys are sorted).
     */
    private int massCount(float[] logits, int n, double tau) {
        float max = max(logits, n);
        double z = partition(logits, n, max), need = (1 - tau) * z;
        double cut = tau > 0 ? max + Math.log(tau * z / n) : Double.NEGATIVE_INFINITY;
        int c = 0;
        for (int j = 0; j < n; j++) if (logits[j] >= cut) work[c++] = logits[j];
        int k = countToMass(c, max, need);
        if (k < 0) {
            System.arraycopy(logits, 0, work, 0, n);
            k = countToMass(n, max, need);
        }
        return k < 0 ? n : k;
    }

    /** Sorts work[0..c) and counts the largest values until their mass reaches need; -1 if it never does. */
    private int countToMass(int c, float max, double need) {
        Arrays.sort(work, 0, c);
        double acc = 0;
        int k = 0;
        for (int r = c - 1; r >= 0; r--) {
            acc += Math.exp(work[r] - max);
            k++;
            if (acc >= need) return k;
        }
        return -1;
    }

    static float max(float[] logits, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, logits[j]);
        return max;
    }

    static double partition(float[] logits, int n, float max) {
        double z = 0;
        for (int j = 0; j < n; j++) z += Math.exp(logits[j] - max);
        return z;
    }

    /** Hoare quickselect on a[0..n): the value of rank k (1 = largest). Reorders a. */
    public static float kthLargest(float[] a, int n, int k) {
        int lo = 0, hi = n - 1, target = k - 1; // index in descending order
        while (lo < hi) {
            float pivot = median3(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j) { float s = a[i]; a[i] = a[j]; a[j] = s; i++; j--; }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }

    private static float median3(float a, float b, float c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
