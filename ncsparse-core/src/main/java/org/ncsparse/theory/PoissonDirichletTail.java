package org.ncsparse.theory;

import java.util.SplittableRandom;

/**
 * Frozen phase (m &lt; 1): as n grows at fixed m the ranked softmax weights converge to the
 * Poisson-Dirichlet law PD(m): w_i = G_i^{-1/m} / S with G_1 &lt; G_2 &lt; ... the arrival times of a
 * unit Poisson process and S = sum_i G_i^{-1/m} (a positive m-stable variable).
 *
 * <p>Asymptote for large k: sum_{i&gt;k} G_i^{-1/m} ~ int_k^inf t^{-1/m} dt = m/(1-m) k^{1-1/m}, and
 * E[1/S] = int_0^inf E[e^{-lambda S}] d lambda = int_0^inf exp(-Gamma(1-m) lambda^m) d lambda
 * = Gamma(1 + 1/m) / Gamma(1-m)^{1/m}, so
 * <pre>  E tau(k) ~ m/(1-m) * Gamma(1+1/m) / Gamma(1-m)^{1/m} * k^{1 - 1/m}  </pre>
 * — independent of n: a fixed budget reaches a fixed error ("attention collapse"). For small k the
 * expectation is computed by Monte Carlo over the Poisson process (deterministic seed).
 */
public final class PoissonDirichletTail {
    private PoissonDirichletTail() {}

    /** The large-k asymptote of E tau(k) under PD(m). */
    public static double asymptoticTau(double k, double m) {
        checkM(m);
        if (!(k >= 1)) throw new IllegalArgumentException("k must be >= 1, got " + k);
        double logC = Math.log(m / (1 - m)) + Gamma.logGamma(1 + 1 / m) - Gamma.logGamma(1 - m) / m;
        return Math.min(1, Math.exp(logC + (1 - 1 / m) * Math.log(k)));
    }

    /** The k at which the asymptote reaches tau: k = (tau / const)^{m/(m-1)}. */
    public static double asymptoticKStar(double m, double tau) {
        checkM(m);
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        double logC = Math.log(m / (1 - m)) + Gamma.logGamma(1 + 1 / m) - Gamma.logGamma(1 - m) / m;
        return Math.max(1, Math.exp((Math.log(tau) - logC) / (1 - 1 / m)));
    }

    /**
     * E tau(k) for k = 1..kMax under PD(m), by Monte Carlo: the first {@code points} arrivals are
     * drawn, the rest of S replaced by its mean-field value m/(1-m) G_K^{1-1/m}. Entry k-1 holds k.
     */
    public static double[] expectedTau(double m, int kMax, int samples, long seed) {
        checkM(m);
        if (kMax < 1) throw new IllegalArgumentException("kMax must be >= 1, got " + kMax);
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        int points = Math.max(kMax, 2048);
        double[] sum = new double[kMax];
        double[] w = new double[points];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int s = 0; s < samples; s++) {
            double g = 0, total = 0;
            for (int i = 0; i < points; i++) {
                g += -Math.log(1 - rnd.nextDouble());
                w[i] = Math.pow(g, -1 / m);
                total += w[i];
            }
            total += m / (1 - m) * Math.pow(g, 1 - 1 / m);
            double kept = 0;
            for (int k = 0; k < kMax; k++) {
                kept += w[k];
                sum[k] += 1 - kept / total;
            }
        }
        for (int k = 0; k < kMax; k++) sum[k] /= samples;
        return sum;
    }

    private static void checkM(double m) {
        if (!(m > 0 && m < 1)) throw new IllegalArgumentException("PD(m) needs m in (0, 1) (frozen phase), got " + m);
    }
}
