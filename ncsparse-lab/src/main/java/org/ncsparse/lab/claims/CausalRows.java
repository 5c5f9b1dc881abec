package org.ncsparse.lab.claims;

import java.util.SplittableRandom;

/**
 * Rows of a causal (decoder) prefill of length N: row i sees keys 0..i-1 (i keys). Logits are the
 * Gaussian row of {@link GaussianRows} at spread sigma plus planted structure:
 * the first {@code sinks} keys get +sinkBoost (attention sinks), {@code needles} uniformly placed
 * keys get +needleBoost, and the last {@code window} keys get a recency bonus decaying linearly
 * from +localBoost (local bias).
 */
public record CausalRows(String name, double sigma, int sinks, double sinkBoost, int needles, double needleBoost,
                         int window, double localBoost) {
    public CausalRows {
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        if (sinks < 0 || needles < 0 || window < 0) throw new IllegalArgumentException("sinks, needles, window must be >= 0");
    }

    public static CausalRows plain(String name, double sigma) { return new CausalRows(name, sigma, 0, 0, 0, 0, 0, 0); }

    /** Row with i visible keys into z[0..i). */
    public void logits(long seed, int i, int row, int d, double[] z) {
        GaussianRows.row(seed, i, row, d, sigma, z);
        for (int j = 0; j < Math.min(sinks, i); j++) z[j] += sinkBoost;
        if (needles > 0) {
            SplittableRandom r = GaussianRows.random(seed ^ 0x6E65656463L, i, row);
            for (int t = 0; t < needles; t++) z[r.nextInt(i)] += needleBoost;
        }
        for (int t = 0; t < Math.min(window, i); t++) z[i - 1 - t] += localBoost * (1 - (double) t / window);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("sigma=" + sigma);
        if (sinks > 0) sb.append(", ").append(sinks).append(" sinks +").append(sinkBoost);
        if (needles > 0) sb.append(", ").append(needles).append(" needles +").append(needleBoost);
        if (window > 0) sb.append(", last ").append(window).append(" keys +").append(localBoost).append(" decaying");
        return sb.toString();
    }
}
