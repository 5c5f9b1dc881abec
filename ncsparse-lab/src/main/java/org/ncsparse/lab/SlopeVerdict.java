package org.ncsparse.lab;

import java.util.SplittableRandom;
import org.ncsparse.theory.PowerLawFit;

/**
 * The operational SSAA verdict (SPEC section 1): fit the slope of log(error) vs log(n) and a
 * percentile-bootstrap 95% interval by resampling the rows of each n (stratified, with replacement).
 * Verdict: "vanishing" when the interval lies below 0, "growing" when above 0, else "stable".
 *
 * <p>An error curve is given per n as paired per-row sums (num_r, den_r) and the statistic
 * g(n, sum num / sum den): e.g. mean dropped mass (den = 1) or ||O'-O||_F/||O||_F (sqrt of a ratio).
 */
public final class SlopeVerdict {
    private SlopeVerdict() {}

    @FunctionalInterface public interface Statistic { double apply(int n, double ratio); }

    public record Result(double slope, double low, double high, String verdict, double first, double last) {}

    /** As {@link #fit(int[], double[][], double[][], Statistic, int, int, long)} with one group (rows only). */
    public static Result fit(int[] grid, double[][] num, double[][] den, Statistic g, int resamples, long seed) {
        return fit(grid, num, den, g, 1, resamples, seed);
    }

    /** num[i], den[i]: per-row values at grid[i], laid out as {@code groups} equal blocks (one per seed). */
    public static Result fit(int[] grid, double[][] num, double[][] den, Statistic g, int groups, int resamples, long seed) {
        if (groups < 1) throw new IllegalArgumentException("groups must be >= 1, got " + groups);
        double[] x = new double[grid.length], y = new double[grid.length];
        for (int i = 0; i < grid.length; i++) { x[i] = grid[i]; y[i] = stat(grid[i], num[i], den[i], 1, null, g); }
        double slope = PowerLawFit.fit(x, y).exponent();
        double[] boot = new double[resamples];
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] yb = new double[grid.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < grid.length; i++) yb[i] = stat(grid[i], num[i], den[i], groups, rnd, g);
            boot[b] = PowerLawFit.fit(x, yb).exponent();
        }
        java.util.Arrays.sort(boot);
        double lo = boot[(int) Math.floor(0.025 * (resamples - 1))], hi = boot[(int) Math.ceil(0.975 * (resamples - 1))];
        String verdict = hi < 0 ? "vanishing" : lo > 0 ? "growing" : "stable";
        return new Result(slope, lo, hi, verdict, y[0], y[grid.length - 1]);
    }

    private static double stat(int n, double[] num, double[] den, int groups, SplittableRandom rnd, Statistic g) {
        double sn = 0, sd = 0;
        int per = num.length / groups;
        for (int c = 0; c < groups; c++) {
            int base = (rnd == null ? c : rnd.nextInt(groups)) * per;
            for (int r = 0; r < per; r++) {
                int i = base + (rnd == null ? r : rnd.nextInt(per));
                sn += num[i]; sd += den[i];
            }
        }
        return Math.max(1e-300, g.apply(n, sn / sd));
    }
}
