package org.ncsparse.lab;

import java.util.List;
import org.ncsparse.budget.EqualCompute;
import org.ncsparse.budget.OptimalAllocation;
import org.ncsparse.lab.claims.RowCurves;
import org.ncsparse.lab.claims.StratifiedBootstrap;
import org.ncsparse.lab.claims.StratifiedBootstrap.Interval;

/**
 * Fixed k0 against alpha n^C at exactly equal compute on a grid, with the optimal allocation of the
 * same compute as a third line. Compute = sum_n n k(n) (n rows of n keys at each length). The three
 * summaries: the row-weighted mean dropped mass sum_n n tau_n / sum_n n (every row of the grid
 * counts once), the unweighted mean over n, and the worst n; each difference with a stratified
 * bootstrap interval (rows resampled within each n, the same rows for every policy).
 */
final class EqualComputeStudy {
    private EqualComputeStudy() {}

    /** The three policies compared, by name. */
    enum Policy {
        FIXED("fixed"), POWER("power_C0.5_paired"), OPTIMAL("optimal_greedy");
        final String key;
        Policy(String key) { this.key = key; }
    }

    /** One summary statistic over the grid. */
    enum Summary {
        ROW_WEIGHTED("row-weighted mean"), MEAN_OVER_N("mean over n"), WORST_N("worst n");
        final String label;
        Summary(String label) { this.label = label; }

        double of(double[] tauPerN, int[] grid) {
            return switch (this) {
                case ROW_WEIGHTED -> { double s = 0, w = 0; for (int i = 0; i < grid.length; i++) { s += grid[i] * tauPerN[i]; w += grid[i]; } yield s / w; }
                case MEAN_OVER_N -> { double s = 0; for (double t : tauPerN) s += t; yield s / tauPerN.length; }
                case WORST_N -> { double m = 0; for (double t : tauPerN) m = Math.max(m, t); yield m; }
            };
        }
    }

    /** A policy's budgets per n, its compute, and its summaries (with intervals). */
    record PolicyResult(Policy policy, int[] ks, double compute, Interval[] summaries, double[] perN, Interval[] perNInterval) {}

    /** Everything about one k0: the policies and the differences fixed - power and fixed - optimal per summary and per n. */
    record Comparison(int k0, int[] grid, List<PolicyResult> policies, Interval[] fixedMinusPower, Interval[] fixedMinusOptimal,
                      Interval[] perNFixedMinusPower) {
        PolicyResult get(Policy p) { return policies.get(p.ordinal()); }

        /** "fixed", "power" or "tie" on a summary: who has the lower dropped mass, when the interval excludes 0. */
        String winner(Summary s) {
            Interval d = fixedMinusPower[s.ordinal()];
            return d.low() > 0 ? "power" : d.high() < 0 ? "fixed" : "tie";
        }
    }

    static Comparison compare(RowCurves[] curves, int[] grid, int k0, double c, int resamples, long seed) {
        int ns = grid.length;
        double[] w = new double[ns];
        for (int i = 0; i < ns; i++) { w[i] = grid[i]; if (curves[i].n() != grid[i]) throw new IllegalArgumentException("curves and grid disagree at " + i); }
        int[] fixed = new int[ns];
        for (int i = 0; i < ns; i++) fixed[i] = Math.min(k0, grid[i]);
        EqualCompute.Pairing pair = EqualCompute.powerSchedule(k0, c, grid, w);
        double[][] mean = new double[ns][];
        for (int i = 0; i < ns; i++) {
            int kMax = Math.min(grid[i], curves[i].kSel());
            while (kMax > 0 && !curves[i].stored(kMax)) kMax--; // per-row values must exist for the chosen k
            mean[i] = java.util.Arrays.copyOf(curves[i].meanCurve(), kMax + 1);
        }
        int[] optimal = OptimalAllocation.greedy(mean, w, w, pair.target());
        int[][] ks = {fixed, pair.ks(), optimal};
        double[][][] values = new double[3][ns][];
        for (int p = 0; p < 3; p++) for (int i = 0; i < ns; i++) values[p][i] = curves[i].column(ks[p][i]);
        Summary[] sums = Summary.values();
        List<PolicyResult> results = new java.util.ArrayList<>();
        for (Policy p : Policy.values()) {
            Interval[] iv = new Interval[sums.length];
            for (Summary s : sums) iv[s.ordinal()] = StratifiedBootstrap.of(values, m -> s.of(m[p.ordinal()], grid), resamples, seed + 31L * p.ordinal() + s.ordinal());
            double[] perN = new double[ns];
            Interval[] perNIv = new Interval[ns];
            for (int i = 0; i < ns; i++) {
                perN[i] = mean(values[p.ordinal()][i]);
                perNIv[i] = StratifiedBootstrap.mean(values[p.ordinal()][i], resamples, seed + 5000 + 97L * p.ordinal() + i);
            }
            results.add(new PolicyResult(p, ks[p.ordinal()], EqualCompute.compute(ks[p.ordinal()], w), iv, perN, perNIv));
        }
        Interval[] dPower = new Interval[sums.length], dOpt = new Interval[sums.length];
        for (Summary s : sums) {
            dPower[s.ordinal()] = StratifiedBootstrap.of(values, m -> s.of(m[0], grid) - s.of(m[1], grid), resamples, seed + 1000 + s.ordinal());
            dOpt[s.ordinal()] = StratifiedBootstrap.of(values, m -> s.of(m[0], grid) - s.of(m[2], grid), resamples, seed + 2000 + s.ordinal());
        }
        Interval[] perN = new Interval[ns];
        for (int i = 0; i < ns; i++) {
            double[][][] one = {{values[0][i]}, {values[1][i]}};
            perN[i] = StratifiedBootstrap.of(one, m -> m[0][0] - m[1][0], resamples, seed + 3000 + i);
        }
        return new Comparison(k0, grid, results, dPower, dOpt, perN);
    }

    static double mean(double[] a) { double s = 0; for (double v : a) s += v; return s / a.length; }
}
