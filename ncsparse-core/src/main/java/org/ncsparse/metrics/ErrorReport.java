package org.ncsparse.metrics;

/**
 * How far top-k sparse attention under one budget is from exact attention, over every query row
 * of every head of a request (rows ordered head-major: index = head * m + row).
 *
 * @param droppedMass      per row tau_i = 1 - sum_{j in T_i} p_ij
 * @param rowL1            per row ||P'_i - P_i||_1 (= 2 tau_i)
 * @param outputError      per row ||O'_i - O_i||_2 / ||O_i||_2 (0/0 counts as 0)
 * @param keptCount        per row |T_i|
 * @param visible          per row n_i
 * @param paperFrobenius   per head (1/n) ||P' - P||_F
 * @param paperSpectral    per head (1/n) ||P' - P||_2, NaN when m*n exceeded the spectral limit
 * @param outputRelative   ||O' - O||_F / ||O||_F over all heads
 * @param worstOutputRow   row index (head-major) with the largest output error
 */
public record ErrorReport(String policy, int heads, int m, int n,
                          double[] droppedMass, double[] rowL1, double[] outputError,
                          int[] keptCount, int[] visible,
                          double[] paperFrobenius, double[] paperSpectral,
                          double outputRelative, int worstOutputRow) {

    public Summary droppedMassSummary() { return Summary.of(droppedMass); }
    public Summary rowL1Summary() { return Summary.of(rowL1); }
    public Summary outputErrorSummary() { return Summary.of(outputError); }

    /** Mean over heads of (1/n) ||P' - P||_F. */
    public double meanPaperFrobenius() { return mean(paperFrobenius); }

    /** Mean over heads of (1/n) ||P' - P||_2 (NaN if not computed). */
    public double meanPaperSpectral() { return mean(paperSpectral); }

    /** Mean kept keys per row. */
    public double meanKept() {
        double s = 0;
        for (int k : keptCount) s += k;
        return s / keptCount.length;
    }

    /** Kept fraction of the score/aggregate work: sum |T_i| / sum n_i. */
    public double keptFraction() {
        double kept = 0, vis = 0;
        for (int i = 0; i < keptCount.length; i++) { kept += keptCount[i]; vis += visible[i]; }
        return kept / vis;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s / a.length;
    }
}
