package org.ncsparse.budget;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Integer budgets of equal compute. A top-k row of n keys spends about n (scoring) + k
 * (aggregation); a budget's compute over a grid of lengths is sum_i w_i k(n_i) with w_i the number
 * of rows of length n_i (w_i = n_i for square attention, the paper's pairing). {@link ComputePairing}
 * gives the continuous alpha of alpha n^C; rounding ceil(alpha n^C) up then spends a few percent more
 * than the fixed budget it is compared with. This class picks the integers themselves:
 * k_i = round(alpha n_i^C) with alpha chosen so the total is closest to the target, then a correction
 * pass that moves single entries (largest weight first, keeping k non-decreasing in n) until the
 * totals agree as closely as integers allow, so the comparison is at equal compute, not by construction.
 */
public final class EqualCompute {
    private EqualCompute() {}

    /** The paired integer schedule and both totals: target = sum w_i min(k0, n_i), paired = sum w_i ks[i]. */
    public record Pairing(int[] grid, int[] ks, double target, double paired, double alpha) {
        /** |paired - target| / target. */
        public double relativeGap() { return Math.abs(paired - target) / target; }

        public ScheduleBudget budget() { return new ScheduleBudget(grid, ks); }
    }

    /** As {@link #powerSchedule(int, double, int[], double[])} with weights w_i = n_i (one row per key). */
    public static Pairing powerSchedule(int k0, double c, int[] grid) {
        double[] w = new double[grid.length];
        for (int i = 0; i < w.length; i++) w[i] = grid[i];
        return powerSchedule(k0, c, grid, w);
    }

    /** Integer k_i ~ alpha n_i^C with sum w_i k_i as close as integers allow to sum w_i min(k0, n_i); grid ascending. */
    public static Pairing powerSchedule(int k0, double c, int[] grid, double[] weights) {
        if (k0 <= 0) throw new IllegalArgumentException("k0 must be a positive integer, got " + k0);
        if (!(c > 0 && c <= 1)) throw new IllegalArgumentException("C must be in (0, 1], got " + c);
        checkGrid(grid, weights);
        double target = 0;
        for (int i = 0; i < grid.length; i++) target += weights[i] * Math.min(k0, grid[i]);
        double lo = 0, hi = 1;
        while (total(hi, c, grid, weights) < target) hi *= 2;
        for (int it = 0; it < 200; it++) { // total(lo) < target <= total(hi)
            double mid = 0.5 * (lo + hi);
            if (total(mid, c, grid, weights) < target) lo = mid; else hi = mid;
        }
        double alpha = Math.abs(total(lo, c, grid, weights) - target) < Math.abs(total(hi, c, grid, weights) - target) && lo > 0 ? lo : hi;
        int[] ks = rounded(alpha, c, grid);
        correct(ks, grid, weights, target);
        return new Pairing(grid.clone(), ks, target, compute(ks, weights), alpha);
    }

    /** sum_i w_i ks[i]. */
    public static double compute(int[] ks, double[] weights) {
        double s = 0;
        for (int i = 0; i < ks.length; i++) s += weights[i] * ks[i];
        return s;
    }

    private static double total(double alpha, double c, int[] grid, double[] w) { return compute(rounded(alpha, c, grid), w); }

    private static int[] rounded(double alpha, double c, int[] grid) {
        int[] ks = new int[grid.length];
        for (int i = 0; i < grid.length; i++) ks[i] = (int) Math.max(1, Math.min(grid[i], Math.rint(alpha * Math.pow(grid[i], c))));
        return ks;
    }

    /** Moves entries by whole keys, heaviest weight first, within [1, n_i] and keeping k non-decreasing. */
    private static void correct(int[] ks, int[] grid, double[] w, double target) {
        Integer[] order = new Integer[grid.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]));
        for (int pass = 0; pass < 3; pass++) for (int i : order) {
            double r = target - compute(ks, w);
            long delta = Math.round(r / w[i]);
            if (delta == 0) continue;
            int lowest = Math.max(1, i > 0 ? ks[i - 1] : 1), highest = Math.min(grid[i], i + 1 < ks.length ? ks[i + 1] : grid[i]);
            ks[i] = (int) Math.max(lowest, Math.min(highest, ks[i] + delta));
        }
    }

    static void checkGrid(int[] grid, double[] weights) {
        if (grid == null || grid.length == 0) throw new IllegalArgumentException("grid must hold at least one n, got none");
        if (weights == null || weights.length != grid.length) throw new IllegalArgumentException("weights must have one entry per grid length");
        for (int i = 0; i < grid.length; i++) {
            if (grid[i] < 1) throw new IllegalArgumentException("grid values n must be >= 1, got " + grid[i]);
            if (i > 0 && grid[i] <= grid[i - 1]) throw new IllegalArgumentException("grid must be strictly ascending, got " + Arrays.toString(grid));
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) throw new IllegalArgumentException("weights must be finite and > 0, got " + weights[i]);
        }
    }
}
