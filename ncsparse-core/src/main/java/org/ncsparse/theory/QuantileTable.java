package org.ncsparse.theory;

/**
 * A fast PhiBar^{-1}(p) for the Monte Carlo models: cubic Hermite interpolation in y = -ln p on a
 * grid of step 1/64 over p in [e^{-60}, 1/2], with exact derivatives dx/dy = PhiBar(x)/phi(x).
 * Interpolation error is below 1e-10; outside the grid it falls back to {@link Normal#isf}.
 */
final class QuantileTable {
    private QuantileTable() {}

    private static final double Y0 = Math.log(2), Y1 = 60, H = 1.0 / 64;
    private static final int N = (int) Math.ceil((Y1 - Y0) / H) + 1;
    private static final double[] X = new double[N], DX = new double[N];

    static {
        for (int i = 0; i < N; i++) {
            double y = Y0 + i * H;
            double x = i == 0 ? 0 : Normal.isf(Math.exp(-y));
            X[i] = x;
            DX[i] = Math.exp(Normal.logSf(x) - Math.log(Normal.pdf(x)));
        }
    }

    /** PhiBar^{-1}(p) for p in (0, 1). */
    static double isf(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        if (p > 0.5) return -isf(1 - p);
        double y = -Math.log(p);
        double pos = (y - Y0) / H;
        int i = (int) pos;
        if (i < 0) i = 0;
        if (i >= N - 1) return Normal.isf(p);
        double t = pos - i, t2 = t * t, t3 = t2 * t;
        double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
        return h00 * X[i] + h10 * H * DX[i] + h01 * X[i + 1] + h11 * H * DX[i + 1];
    }
}
