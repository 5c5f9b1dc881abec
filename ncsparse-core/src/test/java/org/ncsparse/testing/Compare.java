package org.ncsparse.testing;

/** Error measures between a result and the reference. */
public final class Compare {
    private Compare() {}

    /** ||a - b||_2 / ||b||_2 over the whole array (0 when both are 0). */
    public static double relativeError(float[] a, float[] b) {
        double e = 0, n = 0;
        for (int i = 0; i < a.length; i++) { double d = (double) a[i] - b[i]; e += d * d; n += (double) b[i] * b[i]; }
        return e == 0 ? 0 : Math.sqrt(e / n);
    }

    /** Largest per-row relative error ||a_r - b_r|| / max(||b_r||, floor) over rows of width {@code width}. */
    public static double worstRowError(float[] a, float[] b, int width, double floor) {
        double worst = 0;
        for (int r = 0; r < a.length / width; r++) {
            double e = 0, n = 0;
            for (int c = r * width; c < (r + 1) * width; c++) { double d = (double) a[c] - b[c]; e += d * d; n += (double) b[c] * b[c]; }
            worst = Math.max(worst, Math.sqrt(e) / Math.max(Math.sqrt(n), floor));
        }
        return worst;
    }
}
