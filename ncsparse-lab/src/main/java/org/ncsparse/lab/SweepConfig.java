package org.ncsparse.lab;

import java.util.List;
import org.ncsparse.budget.CountBudget;

/**
 * What one sweep runs: for every seed and every n of the grid, {@code rows} query rows of the
 * workload, at every logit scale, with top-k errors for each budget, and the measurements named in
 * {@link Measures}.
 */
public record SweepConfig(int[] grid, long[] seeds, int rows, Workload workload, double[] scales, List<CountBudget> budgets,
                          Measures measures, int threads) {
    /**
     * Per row: S_eps for each eps, k_mass(1 - tau) for each tau of massTaus, and the dropped mass at
     * the extra probeKs (the tau(k) curve against theory). For n &le; fullMatrixMax the paper's
     * (1/n)||P' - P|| is also computed on the full n x n matrix, for the first fullMatrixScales scales.
     */
    public record Measures(double[] eps, double[] massTaus, int[] probeKs, int fullMatrixMax, int fullMatrixScales) {
        public Measures {
            for (double e : eps) if (!(e > 0 && e < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + e);
            for (double t : massTaus) if (!(t > 0 && t < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + t);
            if (probeKs == null) throw new IllegalArgumentException("probeKs must not be null (may be empty)");
        }

        /** Top-k errors only. */
        public static Measures none() { return new Measures(new double[0], new double[0], new int[0], 0, 0); }
    }

    public SweepConfig {
        if (grid == null || grid.length == 0) throw new IllegalArgumentException("the n grid must not be empty");
        for (int n : grid) if (n < 2) throw new IllegalArgumentException("every n must be >= 2, got " + n);
        if (seeds == null || seeds.length == 0) throw new IllegalArgumentException("at least one seed is needed");
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        if (scales == null || scales.length == 0) throw new IllegalArgumentException("at least one scale is needed");
        for (double s : scales) if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("scale must be finite and > 0, got " + s);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (budgets == null) throw new IllegalArgumentException("budgets must not be null");
        if (measures == null) throw new IllegalArgumentException("measures must not be null");
    }

    public double[] eps() { return measures.eps(); }
    public double[] massTaus() { return measures.massTaus(); }
    public int[] probeKs() { return measures.probeKs(); }
    public int fullMatrixMax() { return measures.fullMatrixMax(); }
    public int fullMatrixScales() { return measures.fullMatrixScales(); }
}
