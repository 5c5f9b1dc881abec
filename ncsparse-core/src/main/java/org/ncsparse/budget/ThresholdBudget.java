package org.ncsparse.budget;

/** Keeps every key whose exact probability p_ij is at least eps; the row maximum is always kept. */
public record ThresholdBudget(double eps) implements BudgetPolicy {
    public ThresholdBudget {
        if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
    }

    @Override public int maxKept(int n) { return n; }

    @Override public boolean dataDependent() { return true; }

    @Override public String spec() { return "threshold:" + Numbers.format(eps); }
}
