package org.ncsparse.lab.profile;

/**
 * Least-squares fit of k = α·n^C on log scales: log k = log α + C·log n.
 *
 * @param alpha α = exp(intercept)
 * @param c     slope C
 * @param r2    coefficient of determination of the log-log fit (1 when points are collinear; NaN with < 3 points of spread)
 */
public record PowerFit(double alpha, double c, double r2) {
    /** Fits through the core's {@link org.ncsparse.theory.PowerLawFit} (one log-log least-squares in the project). */
    public static PowerFit fit(int[] n, double[] k) {
        if (n.length != k.length || n.length < 2) throw new IllegalArgumentException("need >= 2 points of equal length, got " + n.length + " and " + k.length);
        double[] x = new double[n.length];
        for (int i = 0; i < n.length; i++) x[i] = n[i];
        org.ncsparse.theory.PowerLawFit f = org.ncsparse.theory.PowerLawFit.fit(x, k);
        return new PowerFit(f.alpha(), f.exponent(), f.r2());
    }

    /** Budget the fit predicts at n, clamped to [1, n]. */
    public int k(int n) { return (int) Math.max(1, Math.min(n, Math.ceil(alpha * Math.pow(n, c)))); }
}
