package org.ncsparse.theory;

/**
 * Where a measured attention row sits on the phase diagram: its logit spread sigma (the standard
 * deviation of the row's finite logits) and m = sqrt(2 ln n)/sigma for its n visible keys. For
 * Gaussian logits this is the sigma of {@link FiniteNTail}; for real heads it is the first-order
 * summary (heavy tails or planted keys make the real row sparser than its sigma says).
 */
public record LogitSpread(int n, double sigma, double m, Phase phase) {

    /** From logits[0..n); -Infinity (masked) entries are skipped; needs at least 2 finite logits. */
    public static LogitSpread of(double[] logits, int n) {
        if (logits == null || n < 0 || n > logits.length) throw new IllegalArgumentException("logits must hold n values, n=" + n);
        double mean = 0, m2 = 0;
        int count = 0;
        for (int j = 0; j < n; j++) { // Welford's running variance
            double z = logits[j];
            if (Double.isNaN(z) || z == Double.POSITIVE_INFINITY)
                throw new IllegalArgumentException("logits must be finite or -Infinity (masked), got " + z + " at " + j);
            if (z == Double.NEGATIVE_INFINITY) continue;
            count++;
            double delta = z - mean;
            mean += delta / count;
            m2 += delta * (z - mean);
        }
        if (count < 2) throw new IllegalArgumentException("a spread needs at least 2 unmasked logits, got " + count);
        double sigma = Math.sqrt(m2 / (count - 1));
        if (sigma == 0) return new LogitSpread(count, 0, Double.POSITIVE_INFINITY, Phase.DENSE);
        return new LogitSpread(count, sigma, Phase.m(count, sigma), Phase.of(count, sigma));
    }
}
