package org.ncsparse.lab.profile;

/**
 * Least-squares fit of k = α·n^C on log scales: log k = log α + C·log n.
 *
 * @param alpha α = exp(intercept)
 * @param c     slope C
 * @param r2    coefficient of determination of the log-log fit (1 when points are collinear; NaN with < 3 points of spread)
 */
public record PowerFit(double alpha, double c, double r2) {
    public static PowerFit fit(int[] n, double[] k) {
        if (n.length != k.length || n.length < 2) throw new IllegalArgumentException("need >= 2 points of equal length, got " + n.length + " and " + k.length);
        int m = n.length;
        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < m; i++) {
            if (!(n[i] > 0 && k[i] > 0)) throw new IllegalArgumentException("n and k must be positive");
            double x = Math.log(n[i]), y = Math.log(k[i]);
            sx += x; sy += y; sxx += x * x; sxy += x * y; syy += y * y;
        }
        double vx = sxx - sx * sx / m, vy = syy - sy * sy / m, cxy = sxy - sx * sy / m;
        double c = cxy / vx, a = Math.exp((sy - c * sx) / m);
        double r2 = vy <= 1e-15 ? 1.0 : cxy * cxy / (vx * vy);
        return new PowerFit(a, c, r2);
    }

    /** Budget the fit predicts at n, clamped to [1, n]. */
    public int k(int n) { return (int) Math.max(1, Math.min(n, Math.ceil(alpha * Math.pow(n, c)))); }
}
