package org.ncsparse.budget;

/** k(n) = clamp(ceil(alpha * ln n), 1, n): grows like log n, the regime the paper shows is not enough. */
public record LogBudget(double alpha) implements CountBudget {
    public LogBudget {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
    }

    @Override public int k(int n) { return CountBudget.clampCeil(alpha * Math.log(Math.max(n, 1)), n); }

    @Override public String spec() { return "log:" + Numbers.format(alpha); }
}
