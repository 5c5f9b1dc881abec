package org.ncsparse.theory;

/** The gamma function for real x &gt; 0, pure JDK (relative error below 1e-12). */
public final class Gamma {
    private Gamma() {}

    /**
     * ln Gamma(x): shift to y = x + 8 with Gamma(x) = Gamma(y) / (x (x+1) ... (x+7)), then Stirling's
     * series ln Gamma(y) = (y - 1/2) ln y - y + ln(2 pi)/2 + 1/(12y) - 1/(360y^3) + 1/(1260y^5) - 1/(1680y^7) + 1/(1188y^9),
     * whose truncation error at y &ge; 8 is below 1e-13.
     */
    public static double logGamma(double x) {
        if (!(x > 0)) throw new IllegalArgumentException("x must be > 0, got " + x);
        double shift = 0;
        double y = x;
        while (y < 8) { shift += Math.log(y); y += 1; }
        double y2 = y * y;
        double series = 1 / (12 * y) - 1 / (360 * y * y2) + 1 / (1260 * y * y2 * y2) - 1 / (1680 * y * y2 * y2 * y2)
                + 1 / (1188 * y * y2 * y2 * y2 * y2);
        return (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + series - shift;
    }

    public static double gamma(double x) { return Math.exp(logGamma(x)); }
}
