package org.ncsparse.budget;

/** k(n) = clamp(ceil(alpha * n^c), 1, n): the paper's length-adaptive budget. */
public record PowerBudget(double alpha, double c) implements CountBudget {
    public PowerBudget {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
        if (!(c > 0 && c <= 1))
            throw new IllegalArgumentException("C must be in (0, 1], got " + c);
    }

    @Override public int k(int n) { return CountBudget.clampCeil(alpha * Math.pow(n, c), n); }

    @Override public String spec() { return "power:" + Numbers.format(alpha) + "," + Numbers.format(c); }
}
