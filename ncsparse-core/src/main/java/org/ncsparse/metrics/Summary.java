package org.ncsparse.metrics;

import java.util.Arrays;

/** Mean, extremes and quantiles of a sample (quantiles by linear interpolation between order statistics). */
public record Summary(int count, double mean, double min, double p50, double p90, double p99, double max) {

    public static Summary of(double[] values) {
        if (values.length == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) sum += v;
        return new Summary(s.length, sum / s.length, s[0], quantile(s, 0.5), quantile(s, 0.9), quantile(s, 0.99), s[s.length - 1]);
    }

    /** Quantile q in [0, 1] of an ascending sample. */
    public static double quantile(double[] ascending, double q) {
        double pos = q * (ascending.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, ascending.length - 1);
        return ascending[lo] + (pos - lo) * (ascending[hi] - ascending[lo]);
    }
}
