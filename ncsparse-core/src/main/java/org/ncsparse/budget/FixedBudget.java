package org.ncsparse.budget;

/** k(n) = min(k, n). */
public record FixedBudget(int k) implements CountBudget {
    public FixedBudget {
        if (k <= 0) throw new IllegalArgumentException("k must be a positive integer, got " + k);
    }

    @Override public int k(int n) { return Math.min(k, Math.max(n, 0)); }

    @Override public String spec() { return "fixed:" + k; }
}
