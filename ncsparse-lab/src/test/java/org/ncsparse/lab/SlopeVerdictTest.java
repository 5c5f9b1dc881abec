package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlopeVerdictTest {
    static SlopeVerdict.Result fitPower(double exponent, double noise) {
        int[] grid = Reproduction.powers(8, 14);
        SplittableRandom rnd = new SplittableRandom(1);
        double[][] num = new double[grid.length][50], den = new double[grid.length][50];
        for (int i = 0; i < grid.length; i++) for (int r = 0; r < 50; r++) {
            num[i][r] = Math.pow(grid[i], exponent) * Math.exp(noise * rnd.nextGaussian());
            den[i][r] = 1;
        }
        return SlopeVerdict.fit(grid, num, den, (n, x) -> x, 300, 5);
    }

    @Test void verdictsFollowTheSlope() {
        SlopeVerdict.Result down = fitPower(-0.5, 0.3);
        assertThat(down.slope()).isCloseTo(-0.5, within(0.05));
        assertThat(down.verdict()).isEqualTo("vanishing");
        assertThat(down.low()).isLessThan(down.slope());
        assertThat(down.high()).isGreaterThan(down.slope());
        assertThat(fitPower(0.3, 0.3).verdict()).isEqualTo("growing");
        assertThat(fitPower(0, 2.0).verdict()).isEqualTo("stable");
    }

    /** Seed-level noise (a shared offset per group) widens the two-level interval, as it should. */
    @Test void twoLevelBootstrapSeesSeedNoise() {
        int[] grid = Reproduction.powers(8, 12);
        SplittableRandom rnd = new SplittableRandom(2);
        int groups = 4, per = 30;
        double[][] num = new double[grid.length][groups * per], den = new double[grid.length][groups * per];
        for (int i = 0; i < grid.length; i++) for (int c = 0; c < groups; c++) {
            double offset = Math.exp(0.5 * rnd.nextGaussian());
            for (int r = 0; r < per; r++) { num[i][c * per + r] = offset * Math.pow(grid[i], -0.2) * Math.exp(0.1 * rnd.nextGaussian()); den[i][c * per + r] = 1; }
        }
        SlopeVerdict.Result rowsOnly = SlopeVerdict.fit(grid, num, den, (n, x) -> x, 300, 3);
        SlopeVerdict.Result twoLevel = SlopeVerdict.fit(grid, num, den, (n, x) -> x, groups, 300, 3);
        assertThat(twoLevel.slope()).isEqualTo(rowsOnly.slope());
        assertThat(twoLevel.high() - twoLevel.low()).isGreaterThan(2 * (rowsOnly.high() - rowsOnly.low()));
    }
}
