package org.ncsparse.lab.claims;

import java.util.SplittableRandom;

/**
 * Independent Gaussian attention rows, one at a time. For Q, K with iid N(0,1) entries in d
 * dimensions, the logits of one query q against n fresh keys are exactly iid N(0, ||q||^2), so a
 * row at spread sigma (score scale s = sigma/sqrt(d)) is z_j = sigma ||q||/sqrt(d) g_j with
 * ||q||^2 ~ chi^2_d: O(n) per row instead of O(n d), which is what makes n = 2^20 affordable.
 * Every row has its own q and keys (no draw is shared across rows or lengths); the stream depends
 * only on (seed, n, row), so laws and budgets see the same g_j: common random numbers, on purpose,
 * so their differences are paired.
 */
public final class GaussianRows {
    private GaussianRows() {}

    public static SplittableRandom random(long seed, long n, long row) {
        long h = seed * 0x9E3779B97F4A7C15L ^ n * 0xC2B2AE3D27D4EB4FL ^ (row + 1) * 0x165667B19E3779F9L;
        h ^= h >>> 31; h *= 0xBF58476D1CE4E5B9L; h ^= h >>> 29;
        return new SplittableRandom(h);
    }

    /** Fills z[0..n) with one row at spread sigma; returns the row's actual spread sigma ||q||/sqrt(d). */
    public static double row(long seed, int n, int row, int d, double sigma, double[] z) {
        SplittableRandom r = random(seed, n, row);
        double q2 = 0;
        for (int t = 0; t < d; t++) { double g = r.nextGaussian(); q2 += g * g; }
        double f = sigma * Math.sqrt(q2 / d);
        for (int j = 0; j < n; j++) z[j] = f * r.nextGaussian();
        return f;
    }
}
