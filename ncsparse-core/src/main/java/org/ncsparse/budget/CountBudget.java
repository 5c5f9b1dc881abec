package org.ncsparse.budget;

/** A policy that keeps the k(n) largest logits of a row with n visible keys. */
public sealed interface CountBudget extends BudgetPolicy permits FixedBudget, PowerBudget, LogBudget, LogPowerBudget, LogLogBudget, ScheduleBudget {

    /** The number of keys kept for a row of {@code n} visible keys, in [1, n] for n &ge; 1. */
    int k(int n);

    @Override default int maxKept(int n) { return k(n); }

    @Override default boolean dataDependent() { return false; }

    /** Rounds a real budget up and clamps it to [1, n]. */
    static int clampCeil(double k, int n) {
        if (n <= 0) return 0;
        if (!(k < n)) return n; // also catches +Inf
        return (int) Math.max(1, Math.ceil(k - 1e-9)); // tolerance: alpha*n^C that is an integer up to rounding
    }
}
