package org.ncsparse.theory;

/**
 * Least-squares fit of y = alpha * x^C on log-log axes: ln y = ln alpha + C ln x.
 * Used to read the exponent C off k*(n) (budget growth) or off error curves (SSAA slopes).
 */
public record PowerLawFit(double alpha, double exponent, double r2, int points) {

    public static PowerLawFit fit(double[] x, double[] y) {
        if (x == null || y == null || x.length != y.length)
            throw new IllegalArgumentException("x and y must be non-null arrays of equal length");
        int count = 0;
        double sx = 0, sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] > 0) || !(y[i] > 0) || Double.isInfinite(x[i]) || Double.isInfinite(y[i]))
                throw new IllegalArgumentException("x and y must be finite and > 0 for a log-log fit, got x=" + x[i] + ", y=" + y[i]);
            sx += Math.log(x[i]); sy += Math.log(y[i]); count++;
        }
        if (count < 2) throw new IllegalArgumentException("a fit needs at least 2 points, got " + count);
        double mx = sx / count, my = sy / count, sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = Math.log(x[i]) - mx, dy = Math.log(y[i]) - my;
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
        }
        if (sxx == 0) throw new IllegalArgumentException("x values must not all be equal");
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new PowerLawFit(Math.exp(my - slope * mx), slope, r2, count);
    }

    public double predict(double x) { return alpha * Math.pow(x, exponent); }
}
