package org.ncsparse.select;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.MassBudget;
import org.ncsparse.budget.SinkWindowBudget;
import org.ncsparse.budget.ThresholdBudget;
import org.ncsparse.budget.UnionBudget;

/**
 * The oracle selector: applies a budget policy to one row of double logits by sorting the whole
 * row (descending logit, ties to the lower index). Clear rather than fast; fast selectors are
 * checked against it.
 */
public final class ReferenceSelector {
    private final int[] order, tmp;
    private final boolean[] mark;

    /** Scratch for rows of up to {@code capacity} keys. */
    public ReferenceSelector(int capacity) {
        order = new int[capacity];
        tmp = new int[capacity];
        mark = new boolean[capacity];
    }

    /**
     * Writes the kept key indices of the row {@code logits[0..n)} into {@code kept} in ascending
     * order and returns their count. -Infinity logits (masked keys) are never kept, unless needed
     * to fill a count budget larger than the number of open keys, in which case they add no mass.
     */
    public int select(BudgetPolicy policy, double[] logits, int n, int[] kept) {
        java.util.Arrays.fill(mark, 0, n, false);
        markKept(policy, logits, n);
        int count = 0;
        for (int j = 0; j < n; j++) if (mark[j]) kept[count++] = j;
        return count;
    }

    private void markKept(BudgetPolicy policy, double[] logits, int n) {
        switch (policy) {
            case CountBudget c -> {
                IndexSort.byDescendingValue(logits, n, order, tmp);
                for (int r = 0, k = c.k(n); r < k; r++) mark[order[r]] = true;
            }
            case ThresholdBudget t -> {
                double max = max(logits, n), z = partition(logits, n, max);
                for (int j = 0; j < n; j++) if (Math.exp(logits[j] - max) / z >= t.eps() || logits[j] == max) mark[j] = true;
            }
            case MassBudget mb -> {
                double max = max(logits, n), z = partition(logits, n, max), need = 1 - mb.tau(), acc = 0;
                IndexSort.byDescendingValue(logits, n, order, tmp);
                for (int r = 0; r < n && (r == 0 || acc < need); r++) {
                    mark[order[r]] = true;
                    acc += Math.exp(logits[order[r]] - max) / z;
                }
            }
            case SinkWindowBudget sw -> {
                for (int j = 0; j < Math.min(sw.sinks(), n); j++) mark[j] = true;
                for (int j = Math.max(0, n - sw.window()); j < n; j++) mark[j] = true;
            }
            case UnionBudget u -> { for (BudgetPolicy p : u.members()) markKept(p, logits, n); }
        }
    }

    static double max(double[] logits, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, logits[j]);
        return max;
    }

    /** sum_j exp(logit_j - max): the softmax normaliser after max-subtraction. */
    static double partition(double[] logits, int n, double max) {
        double z = 0;
        for (int j = 0; j < n; j++) z += Math.exp(logits[j] - max);
        return z;
    }
}
