package org.ncsparse.lab.profile;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.metrics.RowMetrics;
import org.ncsparse.select.ReferenceSelector;

import java.util.Arrays;

/**
 * Accumulates softmax rows of one (layer, head, n) into a {@link HeadPoint}. Per row with logits l:
 * p = softmax(l); sorted descending p_(1) ≥ p_(2) ≥ ...; cum(k) = Σ_{r≤k} p_(r) is the top-k kept
 * mass, so dropped(k) = 1 − cum(k). Sums of cum(k) over rows give, for every k at once, the mean
 * dropped mass of top-k, from which k_needed(τ) follows. Not thread-safe: one per worker. Memory: about
 * 37·n bytes (cumulative sums, one row's scratch).
 */
public final class HeadAccumulator {
    private final ProfileSettings s;
    private final int n;
    private final double[] sumCum;       // sumCum[k] = Σ_rows cum(k), k = 0..n
    private final double[] sEps, kMass, dropped;
    private double effSupport, logitStd;
    private int rows;
    private final double[] p, sorted;
    private final int[] kept;
    private final ReferenceSelector selector;

    public HeadAccumulator(ProfileSettings s, int n) {
        this.s = s;
        this.n = n;
        sumCum = new double[n + 1];
        sEps = new double[s.epsilons().length];
        kMass = new double[s.taus().length];
        dropped = new double[s.budgets().size()];
        p = new double[n];
        sorted = new double[n];
        kept = new int[n];
        selector = new ReferenceSelector(n);
    }

    /** Adds one row of logits l[0..n) (all n keys visible). */
    void addRow(double[] logits) { addRow(logits, n); }

    /**
     * Adds one row whose first {@code visible} ≤ n logits are visible (causal rows near position n);
     * the invisible keys have p = 0, so cum(k) = 1 for k ≥ visible and budgets use k(visible).
     */
    public void addRow(double[] logits, int visible) {
        if (visible < 1 || visible > n) throw new IllegalArgumentException("visible must be in [1, " + n + "], got " + visible);
        int n = visible;
        double max = Double.NEGATIVE_INFINITY, mean = 0;
        for (int j = 0; j < n; j++) { max = Math.max(max, logits[j]); mean += logits[j]; }
        mean /= n;
        double z = 0, var = 0;
        for (int j = 0; j < n; j++) { p[j] = Math.exp(logits[j] - max); z += p[j]; double d = logits[j] - mean; var += d * d; }
        for (int j = 0; j < n; j++) p[j] /= z;
        logitStd += Math.sqrt(var / n);
        System.arraycopy(p, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        double acc = 0;
        for (int k = 1; k <= n; k++) { acc += sorted[n - k]; sumCum[k] += acc; }
        for (int k = n + 1; k < sumCum.length; k++) sumCum[k] += acc;
        for (int e = 0; e < sEps.length; e++) sEps[e] += RowMetrics.effectiveCount(p, n, s.epsilons()[e]);
        for (int t = 0; t < kMass.length; t++) kMass[t] += RowMetrics.kMassSorted(sorted, n, s.taus()[t]);
        effSupport += RowMetrics.effectiveSupport(p, n);
        for (int b = 0; b < dropped.length; b++) {
            BudgetPolicy policy = s.budgets().get(b);
            if (policy instanceof CountBudget c) {
                int k = c.k(n);
                double cum = 0;
                for (int r = 0; r < k; r++) cum += sorted[n - 1 - r];
                dropped[b] += Math.max(0, 1 - cum);
            } else {
                int count = selector.select(policy, logits, n, kept);
                dropped[b] += RowMetrics.droppedMass(p, kept, count);
            }
        }
        rows++;
    }

    public HeadPoint result(int layer, int head) {
        if (rows == 0) throw new IllegalStateException("no rows for layer " + layer + " head " + head + " n " + n);
        double[] se = sEps.clone(), km = kMass.clone(), dr = dropped.clone();
        for (int i = 0; i < se.length; i++) se[i] /= rows;
        for (int i = 0; i < km.length; i++) km[i] /= rows;
        for (int i = 0; i < dr.length; i++) dr[i] /= rows;
        int[] need = new int[s.taus().length];
        for (int t = 0; t < need.length; t++) {
            int k = 1;
            while (k < n && 1 - sumCum[k] / rows > s.taus()[t]) k++;
            need[t] = k;
        }
        return new HeadPoint(layer, head, n, rows, se, km, need, dr, effSupport / rows, logitStd / rows);
    }

    /** Merges another accumulator of the same n (e.g. another text). */
    void merge(HeadAccumulator o) {
        for (int k = 0; k <= n; k++) sumCum[k] += o.sumCum[k];
        for (int i = 0; i < sEps.length; i++) sEps[i] += o.sEps[i];
        for (int i = 0; i < kMass.length; i++) kMass[i] += o.kMass[i];
        for (int i = 0; i < dropped.length; i++) dropped[i] += o.dropped[i];
        effSupport += o.effSupport;
        logitStd += o.logitStd;
        rows += o.rows;
    }
}
