package org.ncsparse.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mean-field step of the finite-n model (docs/THEORY.md section 3c) replaces a sum of n iid
 * weights e^{sigma g} by its mean. Its relative error is sqrt((e^{sigma^2} - 1)/n) = n^{1/m^2 - 1/2}
 * (up to constants) only when m &gt; sqrt 2; for 1 &lt; m &lt; sqrt 2 the largest terms set the
 * fluctuations, the variance formula no longer describes them, and they are far above n^{-1/2}.
 */
class BulkFluctuationTest {

    private static double[] relativeDeviations(int n, double sigma, int reps, SplittableRandom r) {
        double mean = n * Math.exp(sigma * sigma / 2);
        double[] rel = new double[reps];
        for (int t = 0; t < reps; t++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += Math.exp(sigma * r.nextGaussian());
            rel[t] = s / mean - 1;
        }
        return rel;
    }

    @Test void varianceFormulaHoldsAboveRootTwoOnly() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        int n = 4096, reps = 400;
        for (double sigma : new double[] {1.0, 2.0}) { // m = 4.08, 2.04
            assertThat(Phase.m(n, sigma)).isGreaterThan(Math.sqrt(2));
            double[] rel = relativeDeviations(n, sigma, reps, r);
            double sd = Math.sqrt(Arrays.stream(rel).map(x -> x * x).sum() / reps);
            double clt = Math.sqrt(Math.expm1(sigma * sigma) / n);
            assertThat(sd / clt).as("seed %d sigma %f", seed, sigma).isBetween(0.75, 1.25);
        }
        double sigma = 3.4; // m = 1.20 < sqrt 2
        assertThat(Phase.m(n, sigma)).isBetween(1.0, Math.sqrt(2));
        double[] rel = relativeDeviations(n, sigma, reps, r);
        double[] abs = Arrays.stream(rel).map(Math::abs).sorted().toArray();
        double typical = abs[reps / 2], clt = Math.sqrt(Math.expm1(sigma * sigma) / n);
        assertThat(typical).as("seed %d: typical error far above n^-1/2", seed).isGreaterThan(10 / Math.sqrt(n));
        assertThat(typical).as("seed %d: and far below the variance formula", seed).isLessThan(clt / 4);
    }
}
