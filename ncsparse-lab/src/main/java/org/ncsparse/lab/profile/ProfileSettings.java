package org.ncsparse.lab.profile;

import org.ncsparse.budget.BudgetPolicy;

import java.util.List;

/**
 * What a profile measures.
 *
 * @param lengths   context lengths n (truncations) to measure at, ascending
 * @param epsilons  thresholds ε for S_ε = #{j : p_ij ≥ ε}
 * @param taus      target dropped masses τ: k_mass(1−τ) per row, and the fitted (α, C) per head
 * @param budgets   budget policies whose dropped mass is reported (e.g. power:1,0.5, fixed:32)
 * @param maxRows   query rows sampled per (head, n) (evenly spaced; all rows when n ≤ maxRows)
 * @param causal    causal mask: query i sees keys 0..i (rows are then taken from the last positions)
 * @param threads   worker threads (heads run in parallel)
 */
public record ProfileSettings(int[] lengths, double[] epsilons, double[] taus, List<BudgetPolicy> budgets,
                              int maxRows, boolean causal, int threads) {
    public ProfileSettings {
        if (lengths.length == 0) throw new IllegalArgumentException("lengths must not be empty");
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 2) throw new IllegalArgumentException("lengths must be >= 2, got " + lengths[i]);
            if (i > 0 && lengths[i] <= lengths[i - 1]) throw new IllegalArgumentException("lengths must be ascending");
        }
        for (double t : taus) if (!(t > 0 && t < 1)) throw new IllegalArgumentException("taus must be in (0, 1), got " + t);
        for (double e : epsilons) if (!(e > 0 && e < 1)) throw new IllegalArgumentException("epsilons must be in (0, 1), got " + e);
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        budgets = List.copyOf(budgets);
    }

    /** n = 32, 64, 128, 256, 512; ε = 1e-2, 1e-3, 1e-4; τ = 0.1, 0.01; power:1,0.5 / power:2,0.5 / power:1,0.75 / fixed:32 / log:4. */
    public static ProfileSettings defaults(int threads) {
        return new ProfileSettings(new int[] {32, 64, 128, 256, 512}, new double[] {1e-2, 1e-3, 1e-4}, new double[] {0.1, 0.01},
                List.of(BudgetPolicy.power(1, 0.5), BudgetPolicy.power(2, 0.5), BudgetPolicy.power(1, 0.75),
                        BudgetPolicy.fixed(32), BudgetPolicy.log(4)), 512, false, threads);
    }

    public ProfileSettings withLengths(int[] ns) { return new ProfileSettings(ns, epsilons, taus, budgets, maxRows, causal, threads); }
    public ProfileSettings withRows(int rows) { return new ProfileSettings(lengths, epsilons, taus, budgets, rows, causal, threads); }
    public ProfileSettings withCausal(boolean c) { return new ProfileSettings(lengths, epsilons, taus, budgets, maxRows, c, threads); }
    public ProfileSettings withBudgets(List<BudgetPolicy> b) { return new ProfileSettings(lengths, epsilons, taus, b, maxRows, causal, threads); }
}
