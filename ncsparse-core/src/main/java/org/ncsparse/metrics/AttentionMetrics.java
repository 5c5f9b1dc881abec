package org.ncsparse.metrics;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.ReferenceLogits;
import org.ncsparse.select.ReferenceSelector;

/**
 * Compares top-k sparse attention under a budget with exact attention, in double precision,
 * streaming one query row at a time (O(n) memory) — except the spectral norm of P' - P, which needs
 * the m x n matrix of a head and is computed only while m * n &le; {@code spectralLimit}.
 */
public final class AttentionMetrics {
    private AttentionMetrics() {}

    /** Default largest m * n for which the spectral norm is computed (32 MiB of doubles). */
    public static final long DEFAULT_SPECTRAL_LIMIT = 1L << 22;

    public static ErrorReport compare(AttentionRequest r, BudgetPolicy policy) {
        return compare(r, policy, DEFAULT_SPECTRAL_LIMIT);
    }

    public static ErrorReport compare(AttentionRequest r, BudgetPolicy policy, long spectralLimit) {
        if (policy == null) throw new IllegalArgumentException("policy must not be null");
        if (spectralLimit < 0) throw new IllegalArgumentException("spectralLimit must be >= 0, got " + spectralLimit);
        int heads = r.queryHeads(), m = r.m(), n = r.n(), dv = r.dv(), rows = heads * m;
        boolean spectral = (long) m * n <= spectralLimit;
        double[] logits = new double[n], p = new double[n], diff = spectral ? new double[m * n] : null;
        double[] exactOut = new double[dv], sparseOut = new double[dv];
        int[] kept = new int[n];
        ReferenceSelector selector = new ReferenceSelector(n);
        double[] tau = new double[rows], l1 = new double[rows], outErr = new double[rows];
        int[] keptCount = new int[rows], visible = new int[rows];
        double[] frob = new double[heads], spec = new double[heads];
        double errSq = 0, normSq = 0;
        int worst = 0;
        float[] v = r.v();
        for (int h = 0; h < heads; h++) {
            int vOff = r.valueOffset(r.kvHeadOf(h));
            double frobSq = 0;
            if (spectral) java.util.Arrays.fill(diff, 0);
            for (int i = 0; i < m; i++) {
                int vis = ReferenceLogits.probabilities(r, h, i, logits, p);
                int count = selector.select(policy, logits, vis, kept);
                int row = h * m + i;
                double keptMass = RowMetrics.keptMass(p, kept, count);
                tau[row] = Math.max(0, 1 - keptMass);
                l1[row] = RowMetrics.l1Error(p, vis, kept, count);
                frobSq += RowMetrics.l2ErrorSquared(p, vis, kept, count);
                keptCount[row] = count;
                visible[row] = vis;
                if (spectral) fillDiffRow(diff, i * n, p, vis, kept, count, keptMass);
                // o = sum_j p_j v_j; o' = sum_{j in T} (p_j / keptMass) v_j
                java.util.Arrays.fill(exactOut, 0);
                java.util.Arrays.fill(sparseOut, 0);
                for (int j = 0; j < vis; j++) addScaled(exactOut, p[j], v, vOff + j * dv);
                for (int t = 0; t < count; t++) addScaled(sparseOut, p[kept[t]] / keptMass, v, vOff + kept[t] * dv);
                double e = 0, o = 0;
                for (int c = 0; c < dv; c++) { double dlt = sparseOut[c] - exactOut[c]; e += dlt * dlt; o += exactOut[c] * exactOut[c]; }
                errSq += e;
                normSq += o;
                outErr[row] = e == 0 ? 0 : Math.sqrt(e / o);
                if (outErr[row] > outErr[worst]) worst = row;
            }
            frob[h] = Math.sqrt(frobSq) / n;
            spec[h] = spectral ? SpectralNorm.of(diff, m, n) / n : Double.NaN;
        }
        double outputRelative = errSq == 0 ? 0 : Math.sqrt(errSq / normSq);
        return new ErrorReport(policy.spec(), heads, m, n, tau, l1, outErr, keptCount, visible, frob, spec, outputRelative, worst);
    }

    private static void fillDiffRow(double[] diff, int off, double[] p, int vis, int[] kept, int count, double keptMass) {
        for (int j = 0; j < vis; j++) diff[off + j] = -p[j];
        for (int t = 0; t < count; t++) diff[off + kept[t]] += p[kept[t]] / keptMass;
    }

    private static void addScaled(double[] acc, double w, float[] v, int off) {
        for (int c = 0; c < acc.length; c++) acc[c] += w * v[off + c];
    }
}
