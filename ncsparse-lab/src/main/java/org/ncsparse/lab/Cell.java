package org.ncsparse.lab;

/**
 * Measurements of one (scale, n, seed) of a sweep: where it sits ({@code scale, n, seed}), the
 * budgets' k at this n, and three groups of results: per-row values ({@link Rows}), the dropped
 * mass at the probe k ({@link Probes}), and the paper's matrix metrics on the full n x n matrix
 * ({@link FullMatrix}, null when n exceeds the full-matrix limit).
 */
public record Cell(double scale, int n, long seed, int[] ks, Rows perRow, Probes probes, FullMatrix full) {

    /**
     * Per-row arrays, indexed [row][eps | budget | tau]: S_eps/n per eps, dropped mass, ||p'-p||_2^2,
     * ||o'-o||^2 per budget, ||o||^2, k_mass(1 - tau) per tau, exp(entropy), the row's logit spread;
     * {@code kStar[t]} is the smallest k whose mean (over the rows) dropped mass is &le; massTaus[t].
     */
    public record Rows(double[][] sEpsFraction, double[][] tau, double[][] l2ErrorSq, double[][] outErrSq, double[] outNormSq,
                       double[][] kMass, double[] effSupport, double[] rowSigma, int[] kStar) {}

    /** Dropped mass of every row at the probe k: tauProbe[row][i] at probeKs[i]. */
    public record Probes(int[] probeKs, double[][] tauProbe) {}

    /** The paper's (1/n)||P' - P|| per budget on the full matrix: spectral and Frobenius. */
    public record FullMatrix(double[] spectral, double[] frobenius) {}

    public double[][] sEpsFraction() { return perRow.sEpsFraction(); }
    public double[][] tau() { return perRow.tau(); }
    public double[][] l2ErrorSq() { return perRow.l2ErrorSq(); }
    public double[][] outErrSq() { return perRow.outErrSq(); }
    public double[] outNormSq() { return perRow.outNormSq(); }
    public double[][] kMass() { return perRow.kMass(); }
    public double[] effSupport() { return perRow.effSupport(); }
    public double[] rowSigma() { return perRow.rowSigma(); }
    public int[] kStar() { return perRow.kStar(); }
    public int[] probeKs() { return probes.probeKs(); }
    public double[][] tauProbe() { return probes.tauProbe(); }
    /** Null when n exceeds the full-matrix limit. */
    public double[] fullSpectral() { return full == null ? null : full.spectral(); }
    /** Null when n exceeds the full-matrix limit. */
    public double[] fullFrobenius() { return full == null ? null : full.frobenius(); }

    public int rows() { return tau().length; }

    public double meanTau(int b) { double s = 0; for (double[] r : tau()) s += r[b]; return s / tau().length; }

    /** ||O' - O||_F / ||O||_F over the sampled rows. */
    public double outputRelError(int b) {
        double e = 0, o = 0;
        for (int r = 0; r < rows(); r++) { e += outErrSq()[r][b]; o += outNormSq()[r]; }
        return Math.sqrt(e / o);
    }

    /** (1/n)||P' - P||_F estimated from the sampled rows: (1/n) sqrt(n * mean_r ||p'_r - p_r||^2). */
    public double paperFrobeniusFromRows(int b) {
        double s = 0;
        for (double[] r : l2ErrorSq()) s += r[b];
        return Math.sqrt(n * s / rows()) / n;
    }

    public double meanTauProbe(int i) { double s = 0; for (double[] r : tauProbe()) s += r[i]; return s / tauProbe().length; }

    public double meanSEps(int e) { double s = 0; for (double[] r : sEpsFraction()) s += r[e]; return s / rows(); }

    public double meanKMass(int t) { double s = 0; for (double[] r : kMass()) s += r[t]; return s / rows(); }

    public double meanEffSupport() { double s = 0; for (double v : effSupport()) s += v; return s / rows(); }
}
