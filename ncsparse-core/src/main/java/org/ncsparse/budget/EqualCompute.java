package org.ncsparse.budget;

import java.util.Arrays;

/**
 * Integer budgets of equal compute. A top-k row of n keys spends about n (scoring) + k
 * (aggregation); a budget's compute over a grid of lengths is sum_i w_i k(n_i) with w_i the number
 * of rows of length n_i (w_i = n_i for square attention, the paper's pairing). {@link ComputePairing}
 * gives the continuous alpha of alpha n^C; rounding ceil(alpha n^C) up then spends a few percent more
 * than the fixed budget it is compared with. This class picks the integers themselves:
 * k_i = floor(alpha n_i^C + theta) with alpha (and, on short grids, the rounding offset theta)
 * chosen so the total is closest to the target, then single-key moves that close the rest of the
 * gap (each entry at most once, keeping k non-decreasing in n), so the comparison is at equal
 * compute, not by construction.
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
        double alpha = bisect(target, c, 0.5, grid, weights), offset = 0.5;
        if (Math.abs(total(alpha, c, offset, grid, weights) - target) > 1e-3 * target && grid.length <= SCAN_MAX) {
            // a few lengths: also move the rounding offset, which reaches totals alpha alone skips
            double best = Double.POSITIVE_INFINITY, a0 = alpha;
            for (int j = -60; j <= 60; j++) for (int t = 0; t < 40; t++) {
                double a = a0 * (1 + 0.002 * j), th = (t + 0.5) / 40;
                double gap = Math.abs(total(a, c, th, grid, weights) - target) + 1e-9 * target * Math.abs(th - 0.5); // ties: nearest to plain rounding
                if (gap < best) { best = gap; alpha = a; offset = th; }
            }
        }
        int[] ks = rounded(alpha, c, offset, grid);
        correct(ks, alpha, c, grid, weights, target);
        return new Pairing(grid.clone(), ks, target, compute(ks, weights), alpha);
    }

    /** Grids up to this many lengths also search the rounding offset. */
    static final int SCAN_MAX = 64;

    /** sum_i w_i ks[i]. */
    public static double compute(int[] ks, double[] weights) {
        double s = 0;
        for (int i = 0; i < ks.length; i++) s += weights[i] * ks[i];
        return s;
    }

    /** alpha whose rounded total (offset th) is closest to the target. */
    private static double bisect(double target, double c, double th, int[] grid, double[] w) {
        double lo = 0, hi = 1;
        while (total(hi, c, th, grid, w) < target) hi *= 2;
        for (int it = 0; it < 100; it++) { // total(lo) < target <= total(hi)
            double mid = 0.5 * (lo + hi);
            if (total(mid, c, th, grid, w) < target) lo = mid; else hi = mid;
        }
        return lo > 0 && Math.abs(total(lo, c, th, grid, w) - target) < Math.abs(total(hi, c, th, grid, w) - target) ? lo : hi;
    }

    private static double total(double alpha, double c, double th, int[] grid, double[] w) {
        double s = 0;
        for (int i = 0; i < grid.length; i++) s += w[i] * key(alpha, c, th, grid[i]);
        return s;
    }

    private static int key(double alpha, double c, double th, int n) {
        return (int) Math.max(1, Math.min(n, Math.floor(alpha * Math.pow(n, c) + th)));
    }

    private static int[] rounded(double alpha, double c, double th, int[] grid) {
        int[] ks = new int[grid.length];
        for (int i = 0; i < grid.length; i++) ks[i] = key(alpha, c, th, grid[i]);
        return ks;
    }

    /**
     * Closes what rounding left: repeatedly moves one entry by one key towards the target, the entry
     * that shrinks the gap most (ties: the one whose k ends nearest alpha n^C), each entry at most
     * once per round (three rounds), within [1, n_i] and keeping k non-decreasing in n.
     */
    private static void correct(int[] ks, double alpha, double c, int[] grid, double[] w, double target) {
        double r = target - compute(ks, w);
        double[] ideal = new double[ks.length];
        for (int i = 0; i < ks.length; i++) ideal[i] = alpha * Math.pow(grid[i], c);
        for (int round = 0; round < 3; round++) { // each round moves an entry at most once
            boolean[] moved = new boolean[ks.length];
            boolean any = false;
            while (true) {
                int step = r > 0 ? 1 : -1, best = -1;
                double bestGap = Math.abs(r), bestDist = Double.POSITIVE_INFINITY;
                for (int i = 0; i < ks.length; i++) {
                    if (moved[i]) continue;
                    int next = ks[i] + step;
                    if (next < 1 || next > grid[i] || (i > 0 && next < ks[i - 1]) || (i + 1 < ks.length && next > ks[i + 1])) continue;
                    double gap = Math.abs(r - step * w[i]), dist = Math.abs(next - ideal[i]);
                    if (gap < bestGap - 1e-9 || (Math.abs(gap - bestGap) <= 1e-9 && best >= 0 && dist < bestDist)) { best = i; bestGap = gap; bestDist = dist; }
                }
                if (best < 0 || bestGap >= Math.abs(r)) break;
                ks[best] += step;
                moved[best] = true;
                any = true;
                r -= step * w[best];
            }
            if (!any) return;
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
