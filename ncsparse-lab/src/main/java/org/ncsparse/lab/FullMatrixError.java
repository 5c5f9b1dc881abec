package org.ncsparse.lab;

/**
 * The paper's Figure 2 metric on the full n x n matrix (m = n queries):
 * (1/n) ||P' - P||_2 (spectral norm, by power iteration on E^T E) and (1/n) ||P' - P||_F.
 *
 * <p>E = P' - P has, in row i with kept set T_i and dropped mass tau_i, the entries
 * p_ij tau_i/(1 - tau_i) on T_i and -p_ij off it, so it is applied on the fly from P and the per-row
 * rank thresholds; memory is one n x n matrix of probabilities.
 */
public final class FullMatrixError {
    private FullMatrixError() {}

    /** Result per budget: spectral[b] = (1/n)||E||_2, frobenius[b] = (1/n)||E||_F. */
    public record Result(double[] spectral, double[] frobenius) {}

    public static Result compute(RowBatch batch, double scale, int[] ks) {
        int n = batch.n();
        if (batch.rows() != n) throw new IllegalArgumentException("the full matrix needs m = n rows, got m=" + batch.rows() + ", n=" + n);
        double[][] prob = new double[n][];
        double[][] threshold = new double[n][ks.length], factor = new double[n][ks.length];
        double[] fro = new double[ks.length];
        RowProfile prof = new RowProfile(n);
        for (int i = 0; i < n; i++) {
            batch.logits(i, scale, prof.logitBuffer());
            prof.compute(0);
            prob[i] = prof.p.clone();
            for (int b = 0; b < ks.length; b++) {
                int k = Math.min(ks[b], n);
                threshold[i][b] = prof.sorted[n - k]; // p of the k-th largest
                double t = prof.tau(k);
                factor[i][b] = t / (1 - t);
                fro[b] += prof.l2ErrorSq(k);
            }
        }
        double[] spec = new double[ks.length];
        for (int b = 0; b < ks.length; b++) {
            spec[b] = spectralNorm(prob, threshold, factor, b, n) / n;
            fro[b] = Math.sqrt(fro[b]) / n;
        }
        return new Result(spec, fro);
    }

    /** ||E||_2 by power iteration x &lt;- E^T E x / ||.||, from a fixed start (deterministic). */
    static double spectralNorm(double[][] prob, double[][] thr, double[][] fac, int b, int n) {
        double[] x = new double[n], y = new double[n];
        java.util.Arrays.fill(x, 1 / Math.sqrt(n));
        double sigma = 0;
        for (int it = 0; it < 100; it++) {
            for (int i = 0; i < n; i++) { // y = E x
                double[] pi = prob[i];
                double t = thr[i][b], f = fac[i][b], s = 0;
                for (int j = 0; j < n; j++) { double pj = pi[j]; s += (pj >= t ? pj * f : -pj) * x[j]; }
                y[i] = s;
            }
            java.util.Arrays.fill(x, 0);
            for (int i = 0; i < n; i++) { // x = E^T y
                double[] pi = prob[i];
                double t = thr[i][b], f = fac[i][b], yi = y[i];
                for (int j = 0; j < n; j++) { double pj = pi[j]; x[j] += (pj >= t ? pj * f : -pj) * yi; }
            }
            double norm = 0;
            for (double v : x) norm += v * v;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            double next = Math.sqrt(norm); // ||E^T E x|| -> sigma_max^2 for unit x
            for (int j = 0; j < n; j++) x[j] /= norm;
            if (it > 3 && Math.abs(next - sigma) <= 1e-6 * next) return next; // 1e-6 relative: far below the seed spread
            sigma = next;
        }
        return sigma;
    }
}
