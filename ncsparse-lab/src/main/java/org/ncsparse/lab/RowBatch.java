package org.ncsparse.lab;

/**
 * One draw of {@code rows} query rows against n keys: raw dot products q_r . k_j, values V [n][dv],
 * and planted needle positions. {@link #logits(int, double, double[])} applies the scale and bonuses.
 */
public record RowBatch(Workload workload, int n, int rows, double[][] dots, double[] values, int[][] needlePos) {

    /** z_j = scale * q_r . k_j + planted bonuses, into {@code out} (length n). */
    public void logits(int row, double scale, double[] out) {
        double[] dr = dots[row];
        for (int j = 0; j < n; j++) out[j] = scale * dr[j];
        Workload w = workload;
        if (w.distribution() == Workload.Distribution.NEEDLE) {
            for (int j = 0; j < Math.min(w.sinks(), n); j++) out[j] += w.sinkBoost();
            for (int p : needlePos[row]) out[p] += w.needleBoost();
        }
    }

    /** sigma of row r's logits at this scale (Gaussian case): scale * ||q_r|| estimated by the dots' spread. */
    public double rowSigma(int row, double scale) {
        double[] dr = dots[row];
        double s = 0, s2 = 0;
        for (double x : dr) { s += x; s2 += x * x; }
        double mean = s / n;
        return Math.abs(scale) * Math.sqrt(Math.max(0, s2 / n - mean * mean));
    }
}
