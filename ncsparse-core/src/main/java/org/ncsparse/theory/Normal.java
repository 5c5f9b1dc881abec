package org.ncsparse.theory;

/**
 * The standard normal distribution, pure JDK, accurate in the far tails (relative error about
 * 1e-14 for the survival function up to x = 37, where it underflows).
 *
 * <p>phi(x) = exp(-x^2/2)/sqrt(2 pi); Phi(x) = P(Z &le; x); PhiBar(x) = 1 - Phi(x) = P(Z &gt; x).
 * For 0 &le; x &lt; 3, Phi(x) = 1/2 + phi(x) * sum_n x^(2n+1)/(1*3*...*(2n+1)) (a series of positive
 * terms). For x &ge; 3, PhiBar(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))) (Laplace's continued
 * fraction, evaluated by the modified Lentz method).
 */
public final class Normal {
    private Normal() {}

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    public static double pdf(double x) { return Math.exp(-0.5 * x * x - LOG_SQRT_2PI); }

    /** Phi(x) = P(Z &le; x). */
    public static double cdf(double x) { return sf(-x); }

    /** PhiBar(x) = P(Z &gt; x), with full relative accuracy for large positive x. */
    public static double sf(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        if (x < 0) return 1 - sf(-x);
        if (x < 3) return 0.5 - pdf(x) * series(x);
        return Math.exp(logSfTail(x));
    }

    /** ln PhiBar(x), finite far beyond the underflow of PhiBar itself. */
    public static double logSf(double x) {
        if (x < 3) return Math.log(sf(x));
        return logSfTail(x);
    }

    /** sum_n x^(2n+1) / (1*3*5*...*(2n+1)), so that Phi(x) - 1/2 = phi(x) * series(x). */
    private static double series(double x) {
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 500 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= x2 / (2 * n + 1);
            sum += term;
        }
        return sum;
    }

    /** ln PhiBar(x) for x &ge; 3: ln phi(x) - ln(x + 1/(x + 2/(x + ...))). */
    private static double logSfTail(double x) {
        // Lentz: f = b0 + a1/(b1 + a2/(b2 + ...)) with b_j = x, a_j = j.
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int j = 1; j < 1000; j++) {
            d = x + j * d;
            if (d == 0) d = tiny;
            c = x + j / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return -0.5 * x * x - LOG_SQRT_2PI - Math.log(f);
    }

    /** PhiBar^{-1}(p): the x with P(Z &gt; x) = p, for p in (0, 1). */
    public static double isf(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        if (p > 0.5) return -isf(1 - p);
        // Starting point: Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), then Newton on ln PhiBar.
        double t = Math.sqrt(-2 * Math.log(p));
        double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
        double logP = Math.log(p);
        for (int it = 0; it < 60; it++) {
            double ls = logSf(x);
            // d/dx ln PhiBar(x) = -phi(x)/PhiBar(x) = -exp(ln phi - ln PhiBar)
            double slope = -Math.exp(-0.5 * x * x - LOG_SQRT_2PI - ls);
            double step = (ls - logP) / slope;
            x -= step;
            if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(x))) break;
        }
        return x;
    }

    /** Phi^{-1}(p): the x with P(Z &le; x) = p, for p in (0, 1). */
    public static double icdf(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        return -isf(p);
    }
}
