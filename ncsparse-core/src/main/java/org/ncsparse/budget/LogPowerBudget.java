package org.ncsparse.budget;

/**
 * k(n) = clamp(ceil(alpha * (ln n)^p), 1, n). With p &lt; 1 this is o(log n) (p = 1/2: the square
 * root of the log), with p = 1 it is {@link LogBudget}'s Theta(log n), with p &gt; 1 polylogarithmic.
 */
public record LogPowerBudget(double alpha, double p) implements CountBudget {
    public LogPowerBudget {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
        if (!(p > 0) || Double.isInfinite(p))
            throw new IllegalArgumentException("p (the power of ln n) must be a finite number > 0, got " + p);
    }

    @Override public int k(int n) { return CountBudget.clampCeil(alpha * Math.pow(Math.log(Math.max(n, 1)), p), n); }

    @Override public String spec() { return "logpow:" + Numbers.format(alpha) + "," + Numbers.format(p); }
}
