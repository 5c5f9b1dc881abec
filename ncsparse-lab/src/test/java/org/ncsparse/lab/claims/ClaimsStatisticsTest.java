package org.ncsparse.lab.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The statistics behind the claims sections, each against an oracle or a known truth. */
class ClaimsStatisticsTest {

    @Test void bootstrapIntervalCoversAKnownDifference() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        double delta = 0.03;
        int covered = 0, trials = 40;
        for (int t = 0; t < trials; t++) {
            // two paired channels over 3 strata; channel 1 = channel 0 + delta + noise, so the row-weighted difference is delta
            int[] weights = {1, 2, 4};
            double[][][] v = new double[2][3][];
            for (int s = 0; s < 3; s++) {
                int rows = 60 + 20 * s;
                v[0][s] = new double[rows]; v[1][s] = new double[rows];
                for (int i = 0; i < rows; i++) {
                    double base = Math.exp(r.nextGaussian()) * 0.1; // skewed, like dropped mass
                    v[0][s][i] = base;
                    v[1][s][i] = base + delta + 0.05 * r.nextGaussian();
                }
            }
            StratifiedBootstrap.Interval iv = StratifiedBootstrap.of(v, m -> {
                double d = 0, w = 0;
                for (int s = 0; s < 3; s++) { d += weights[s] * (m[1][s] - m[0][s]); w += weights[s]; }
                return d / w;
            }, 400, r.nextLong());
            assertThat(iv.low()).isLessThanOrEqualTo(iv.estimate());
            assertThat(iv.high()).isGreaterThanOrEqualTo(iv.estimate());
            if (iv.low() <= delta && delta <= iv.high()) covered++;
        }
        // nominal 95%: fewer than 32 of 40 would happen with probability < 1e-3
        assertThat(covered).as("seed %d", seed).isGreaterThanOrEqualTo(32);
    }

    @Test void bootstrapRejectsRaggedInput() {
        assertThatThrownBy(() -> StratifiedBootstrap.of(new double[][][] {{{1, 2}}, {{1}}}, m -> 0, 100, 1)).hasMessageContaining("same");
        assertThatThrownBy(() -> StratifiedBootstrap.mean(new double[] {1, 2}, 5, 1)).hasMessageContaining("resamples");
    }

    @Test void topCurveMatchesAFullSort() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        TopCurve c = new TopCurve();
        for (int t = 0; t < 50; t++) {
            int n = 1 + r.nextInt(3000), kMax = 1 + r.nextInt(n + 5);
            double[] z = new double[n];
            double sigma = 0.5 + 10 * r.nextDouble();
            for (int j = 0; j < n; j++) z[j] = r.nextInt(4) == 0 ? Math.floor(3 * r.nextGaussian()) : sigma * r.nextGaussian(); // ties included
            c.compute(z, n, kMax);
            double max = Arrays.stream(z).max().orElseThrow(), total = 0;
            double[] p = new double[n];
            for (int j = 0; j < n; j++) { p[j] = Math.exp(z[j] - max); total += p[j]; }
            Arrays.sort(p);
            for (int k = 0; k <= Math.min(n, kMax); k++) {
                double dropped = 0;
                for (int i = 0; i < n - k; i++) dropped += p[i];
                dropped /= total;
                assertThat(c.tau(k)).as("seed %d n=%d k=%d", seed, n, k).isCloseTo(dropped, within(1e-12 + 1e-9 * dropped));
            }
        }
    }

    @Test void gaussianRowsHaveTheirSpreadAndAreDeterministic() {
        int n = 4096, d = 64, rows = 200;
        double[] z = new double[n], z2 = new double[n];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double f = GaussianRows.row(7, n, r, d, 8, z);
            double s2 = 0;
            for (double v : z) s2 += v * v;
            assertThat(Math.sqrt(s2 / n)).isCloseTo(f, within(0.1 * f)); // the row's logits have spread f
            sum += f;
        }
        // E ||q|| / sqrt(d) = 0.99609 for d = 64; sd of f = 8 * 0.7053 / 8 ~ 0.705, mean of 200 within 4 SE
        assertThat(sum / rows).isCloseTo(8 * 0.99609, within(4 * 0.705 / Math.sqrt(rows)));
        GaussianRows.row(7, n, 3, d, 8, z);
        GaussianRows.row(7, n, 3, d, 4, z2);
        for (int j = 0; j < n; j++) assertThat(z2[j]).isCloseTo(z[j] / 2, within(1e-12)); // common random numbers across spreads
    }

    @Test void sweepIsThreadIndependentAndKStarIsTheSmallestK() {
        int[] grid = {64, 128, 256};
        ClaimsSweep one = new ClaimsSweep(grid, 16, 4, List.of(new SpreadLaw.Fixed(6), new SpreadLaw.FixedPhase(0.5)), 16, 3, 32, 64, n -> new int[] {n / 2}, 1);
        ClaimsSweep two = new ClaimsSweep(grid, 16, 4, List.of(new SpreadLaw.Fixed(6), new SpreadLaw.FixedPhase(0.5)), 16, 3, 32, 64, n -> new int[] {n / 2}, 2);
        RowCurves[][] a = one.run(), b = two.run();
        for (int l = 0; l < 2; l++) for (int i = 0; i < grid.length; i++) {
            RowCurves x = a[l][i], y = b[l][i];
            for (int r = 0; r < x.rows(); r++) {
                assertThat(x.tau(r, grid[i] / 2)).isEqualTo(y.tau(r, grid[i] / 2));
                for (int k = 0; k <= 32; k++) assertThat(x.tau(r, k)).isEqualTo(y.tau(r, k));
            }
            for (double target : new double[] {0.3, 0.1, 0.01}) {
                int k = x.kStar(target);
                double[] mean = x.meanCurve();
                if (k > 0) {
                    assertThat(mean[k]).isLessThanOrEqualTo(target);
                    if (k > 1) assertThat(mean[k - 1]).isGreaterThan(target);
                } else assertThat(mean[x.kSel()]).isGreaterThan(target);
                double direct = 0;
                for (int r = 0; r < x.rows(); r++) direct += x.tau(r, 5);
                assertThat(x.meanTau(5)).isCloseTo(direct / x.rows(), within(1e-12));
            }
        }
        assertThat(a[0][0].stored(200)).isTrue(); // k >= n is always "stored" (dropped mass 0)
        assertThatThrownBy(() -> a[0][2].tau(0, 100)).hasMessageContaining("not stored");
    }

    @Test void causalRowsSeeTheirPrefixAndSinkWindowDropsTheMiddle() {
        CausalRows w = new CausalRows("test", 2, 2, 5, 1, 4, 3, 2);
        double[] z = new double[10], plain = new double[10];
        w.logits(1, 10, 0, 8, z);
        CausalRows.plain("p", 2).logits(1, 10, 0, 8, plain);
        assertThat(z[0] - plain[0]).isGreaterThanOrEqualTo(5 - 1e-12); // sink (+ maybe a needle)
        assertThat(z[9] - plain[9]).isGreaterThanOrEqualTo(2 - 1e-12);  // last key: full local bonus
        double[] flat = new double[8]; // equal logits: each key 1/8; 2 sinks + window 3 keep 5/8
        assertThat(CausalExperiment.sinkWindowDropped(flat, 8, 2, 3)).isCloseTo(3.0 / 8, within(1e-15));
        CausalExperiment e = new CausalExperiment(100, 10, 8, 1, List.of(w), List.of(new CausalExperiment.SinkWindow("sw", 1, 1)), 1);
        for (int r = 0; r < 10; r++) assertThat(e.visible(r)).isBetween(1, 100);
        assertThat(e.visible(9)).isEqualTo(96);
    }
}
