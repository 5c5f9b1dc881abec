package org.ncsparse.budget;

/** Top-p: the smallest set of largest keys whose probability mass is at least 1 - tau. */
public record MassBudget(double tau) implements BudgetPolicy {
    public MassBudget {
        if (!(tau >= 0 && tau < 1)) throw new IllegalArgumentException("tau must be in [0, 1), got " + tau);
    }

    @Override public int maxKept(int n) { return n; }

    @Override public boolean dataDependent() { return true; }

    @Override public String spec() { return "mass:" + Numbers.format(tau); }
}
