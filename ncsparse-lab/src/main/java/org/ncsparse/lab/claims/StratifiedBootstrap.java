package org.ncsparse.lab.claims;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap for statistics of per-stratum means (strata = lengths n, rows iid within a
 * stratum). values[c][s][r]: channel c (e.g. a budget), stratum s, row r; the same resampled rows
 * are used for every channel, so differences between channels stay paired (common random numbers).
 */
public final class StratifiedBootstrap {
    private StratifiedBootstrap() {}

    /** A statistic of the channel-by-stratum means: means[c][s]. */
    @FunctionalInterface public interface Statistic { double of(double[][] means); }

    /** Point estimate and a 95% percentile interval. */
    public record Interval(double estimate, double low, double high) {
        /** "above" when the interval lies above 0, "below" when below, "includes 0" otherwise. */
        public String sign() { return low > 0 ? "above" : high < 0 ? "below" : "includes 0"; }
    }

    public static Interval of(double[][][] values, Statistic stat, int resamples, long seed) {
        int channels = values.length, strata = values[0].length;
        for (double[][] ch : values) {
            if (ch.length != strata) throw new IllegalArgumentException("every channel needs the same strata");
            for (int s = 0; s < strata; s++) if (ch[s].length != values[0][s].length || ch[s].length == 0)
                throw new IllegalArgumentException("stratum " + s + " must hold the same, non-zero number of rows in every channel");
        }
        if (resamples < 20) throw new IllegalArgumentException("resamples must be >= 20, got " + resamples);
        double[][] means = new double[channels][strata];
        for (int c = 0; c < channels; c++) for (int s = 0; s < strata; s++) means[c][s] = mean(values[c][s]);
        double estimate = stat.of(means);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] boot = new double[resamples];
        double[][] bm = new double[channels][strata];
        for (int b = 0; b < resamples; b++) {
            for (int s = 0; s < strata; s++) {
                int rows = values[0][s].length;
                for (int c = 0; c < channels; c++) bm[c][s] = 0;
                for (int i = 0; i < rows; i++) {
                    int r = rnd.nextInt(rows);
                    for (int c = 0; c < channels; c++) bm[c][s] += values[c][s][r];
                }
                for (int c = 0; c < channels; c++) bm[c][s] /= rows;
            }
            boot[b] = stat.of(bm);
        }
        Arrays.sort(boot);
        return new Interval(estimate, boot[(int) Math.floor(0.025 * (resamples - 1))], boot[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    /** One channel, one stratum: the mean with its interval. */
    public static Interval mean(double[] rows, int resamples, long seed) {
        return of(new double[][][] {{rows}}, m -> m[0][0], resamples, seed);
    }

    static double mean(double[] a) { return meanOf(a); }

    public static double meanOf(double[] a) { double s = 0; for (double v : a) s += v; return s / a.length; }
}
