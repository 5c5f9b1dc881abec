package org.ncsparse.budget;

/** k(n) = clamp(ceil(alpha * ln ln n), 1, n) (ln ln n taken as 0 for n &le; e): a budget that is o(log n) by far. */
public record LogLogBudget(double alpha) implements CountBudget {
    public LogLogBudget {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
    }

    @Override public int k(int n) {
        double ln = Math.log(Math.max(n, 1));
        return CountBudget.clampCeil(ln > 1 ? alpha * Math.log(ln) : 0, n);
    }

    @Override public String spec() { return "loglog:" + Numbers.format(alpha); }
}
