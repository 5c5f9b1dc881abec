package org.ncsparse.lab;

/**
 * Per-row measurements of one (scale, n, seed): arrays indexed [row][eps | budget | tau].
 * {@code kStar[t]} is the smallest k whose mean (over the rows) dropped mass is &le; massTaus[t].
 * {@code fullSpectral}/{@code fullFrobenius} are null when n exceeds the full-matrix limit.
 */
public record Cell(double scale, int n, long seed, int[] ks,
                   double[][] sEpsFraction, double[][] tau, double[][] l2ErrorSq,
                   double[][] outErrSq, double[] outNormSq, double[][] kMass, double[] effSupport,
                   double[] rowSigma, int[] kStar, int[] probeKs, double[][] tauProbe, double[] fullSpectral, double[] fullFrobenius) {

    public int rows() { return tau.length; }

    public double meanTau(int b) { double s = 0; for (double[] r : tau) s += r[b]; return s / tau.length; }

    /** ||O' - O||_F / ||O||_F over the sampled rows. */
    public double outputRelError(int b) {
        double e = 0, o = 0;
        for (int r = 0; r < rows(); r++) { e += outErrSq[r][b]; o += outNormSq[r]; }
        return Math.sqrt(e / o);
    }

    /** (1/n)||P' - P||_F estimated from the sampled rows: (1/n) sqrt(n * mean_r ||p'_r - p_r||^2). */
    public double paperFrobeniusFromRows(int b) {
        double s = 0;
        for (double[] r : l2ErrorSq) s += r[b];
        return Math.sqrt(n * s / rows()) / n;
    }

    public double meanTauProbe(int i) { double s = 0; for (double[] r : tauProbe) s += r[i]; return s / tauProbe.length; }

    public double meanSEps(int e) { double s = 0; for (double[] r : sEpsFraction) s += r[e]; return s / rows(); }

    public double meanKMass(int t) { double s = 0; for (double[] r : kMass) s += r[t]; return s / rows(); }

    public double meanEffSupport() { double s = 0; for (double v : effSupport) s += v; return s / rows(); }
}
