package org.ncsparse.kernel;

import java.util.Arrays;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.MassBudget;
import org.ncsparse.budget.SinkWindowBudget;
import org.ncsparse.budget.ThresholdBudget;
import org.ncsparse.budget.UnionBudget;

/**
 * Decides whether a float kernel may legitimately keep or drop key j differently from the double
 * oracle: only when the decision rests on a near-tie that float rounding can flip. A top-k cut
 * between two logits closer than the tolerance, a probability within rounding of eps, a cumulative
 * mass within rounding of 1 - tau. Anything else is a selection bug.
 */
final class Borderline {
    private Borderline() {}

    private static final double LOGIT_TOL = 1e-4, MASS_TOL = 1e-5;

    static boolean fragile(BudgetPolicy policy, double[] logits, int n, int j) {
        double[] desc = Arrays.copyOf(logits, n);
        Arrays.sort(desc);
        for (int a = 0, b = n - 1; a < b; a++, b--) { double t = desc[a]; desc[a] = desc[b]; desc[b] = t; }
        return fragile(policy, logits, desc, n, j);
    }

    private static boolean fragile(BudgetPolicy policy, double[] logits, double[] desc, int n, int j) {
        return switch (policy) {
            case CountBudget c -> nearCut(desc, n, c.k(n), logits[j]);
            case ThresholdBudget t -> {
                double max = desc[0], z = 0;
                for (int i = 0; i < n; i++) z += Math.exp(logits[i] - max);
                yield Math.abs(logits[j] - (max + Math.log(t.eps() * z))) <= LOGIT_TOL * (1 + Math.abs(max));
            }
            case MassBudget mb -> {
                double max = desc[0], z = 0, before = 0;
                for (int i = 0; i < n; i++) z += Math.exp(logits[i] - max);
                int k = 0;
                for (int r = 0; r < n; r++) { // k = the oracle's cut; also test whether j's own inclusion was a close call
                    if (desc[r] > logits[j]) before += Math.exp(desc[r] - max) / z;
                }
                double acc = 0;
                while (k < n && (k == 0 || acc < 1 - mb.tau())) acc += Math.exp(desc[k++] - max) / z;
                yield Math.abs(before - (1 - mb.tau())) <= MASS_TOL || nearCut(desc, n, k, logits[j]);
            }
            case SinkWindowBudget sw -> false;
            case UnionBudget u -> {
                boolean any = false;
                for (BudgetPolicy p : u.members()) any |= fragile(p, logits, desc, n, j);
                yield any;
            }
        };
    }

    /** True when the k-th and (k+1)-th largest logits nearly tie and key j's logit is one of them. */
    private static boolean nearCut(double[] desc, int n, int k, double logit) {
        if (k <= 0 || k >= n) return false;
        double a = desc[k - 1], b = desc[k], tol = LOGIT_TOL * (1 + Math.abs(a));
        return a - b <= tol && logit >= b - tol && logit <= a + tol;
    }
}
