package org.ncsparse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact integer equal-compute pairing, optimal allocation against brute force, and the new o(log n) budgets. */
class EqualComputeTest {

    static int[] powers(int from, int to) {
        int[] g = new int[to - from + 1];
        for (int i = 0; i < g.length; i++) g[i] = 1 << (from + i);
        return g;
    }

    @Test void pairedSumsMatchWithinHalfAPercentAndTheGridStep() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            int from = 8 + r.nextInt(3), to = from + 2 + r.nextInt(10);
            int k0 = 8 + r.nextInt(121);
            double c = 0.1 + 0.8 * r.nextDouble();
            int[] grid = powers(from, to);
            EqualCompute.Pairing p = EqualCompute.powerSchedule(k0, c, grid);
            double fixed = ComputePairing.gridCompute((CountBudget) BudgetPolicy.fixed(k0), grid);
            assertThat(p.target()).as("seed %d", seed).isEqualTo(fixed);
            assertThat(p.paired()).isEqualTo(ComputePairing.gridCompute(p.budget(), grid));
            // half a percent, plus half a step of the shortest length per entry: when k0 is small and C large the
            // shape (each k within a few keys of alpha n^C, non-decreasing) can lock every entry away from the
            // exact total (seen: k0 = 8, C = 0.89, 2^9..2^15 at 0.69%; 200,000 trials stay below 0.82 of this bound)
            double slack = 0.5 * grid[0] * grid.length / p.target();
            assertThat(p.relativeGap()).as("seed %d k0=%d C=%f grid 2^%d..2^%d", seed, k0, c, from, to).isLessThan(0.005 + slack);
            // the power shape is kept: every k within rounding plus one key per correction round (3) of alpha n^C
            for (int i = 0; i < grid.length; i++)
                assertThat(Math.abs(p.ks()[i] - p.alpha() * Math.pow(grid[i], c))).as("seed %d k0=%d C=%f i=%d", seed, k0, c, i).isLessThanOrEqualTo(3.5);
            for (int i = 0; i < grid.length; i++) {
                assertThat(p.ks()[i]).isBetween(1, grid[i]);
                if (i > 0) assertThat(p.ks()[i]).as("non-decreasing").isGreaterThanOrEqualTo(p.ks()[i - 1]);
            }
        }
    }

    @Test void pairedScheduleKeepsThePowerShape() {
        int[] grid = powers(8, 14);
        EqualCompute.Pairing p = EqualCompute.powerSchedule(8, 0.5, grid);
        // alpha n^0.5 quadruples over 2^8..2^12; the correction moves entries by a key or so at most
        double ratio = (double) p.ks()[4] / p.ks()[0];
        assertThat(ratio).isBetween(2.5, 6.0);
        for (int i = 0; i < grid.length; i++) assertThat(Math.abs(p.ks()[i] - p.alpha() * Math.sqrt(grid[i]))).isLessThan(1.5);
        assertThat(p.relativeGap()).isLessThan(0.005);
        // many lengths (a causal prefill, one row per length): integers match the target almost exactly
        int[] lengths = new int[4096];
        double[] ones = new double[lengths.length];
        for (int i = 0; i < lengths.length; i++) { lengths[i] = i + 1; ones[i] = 1; }
        EqualCompute.Pairing causal = EqualCompute.powerSchedule(16, 0.5, lengths, ones);
        assertThat(Math.abs(causal.paired() - causal.target())).isLessThanOrEqualTo(1.0);
    }

    @Test void greedyAllocationMatchesBruteForce() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 100; trial++) {
            int m = 2 + r.nextInt(2), kMax = 6;
            double[][] tau = new double[m][kMax + 1];
            double[] a = new double[m], w = new double[m];
            for (int i = 0; i < m; i++) {
                double[] p = new double[kMax]; // sorted decreasing probabilities of a row of kMax keys
                double s = 0;
                for (int j = 0; j < kMax; j++) { p[j] = r.nextDouble(); s += p[j]; }
                java.util.Arrays.sort(p);
                tau[i][0] = 1;
                for (int k = 1; k <= kMax; k++) tau[i][k] = tau[i][k - 1] - p[kMax - k] / s;
                a[i] = 1 + r.nextInt(3); w[i] = 1 + r.nextInt(3);
            }
            double compute = 0;
            for (int i = 0; i < m; i++) compute += w[i] * (1 + r.nextInt(kMax));
            int[] ks = OptimalAllocation.greedy(tau, a, w, compute);
            double greedy = 0, spent = 0;
            for (int i = 0; i < m; i++) { greedy += a[i] * tau[i][ks[i]]; spent += w[i] * ks[i]; }
            assertThat(spent).isLessThanOrEqualTo(compute + 1e-9);
            double best = brute(tau, a, w, compute, new int[m], 0);
            // optimal up to the last increment that no longer fits: within one step's gain of the best
            double slack = 0;
            for (int i = 0; i < m; i++) slack = Math.max(slack, a[i] * (tau[i][Math.max(0, ks[i] - 1)] - tau[i][ks[i]]) + a[i] * (ks[i] < kMax ? tau[i][ks[i]] - tau[i][ks[i] + 1] : 0));
            assertThat(greedy).as("seed %d trial %d", seed, trial).isLessThanOrEqualTo(best + slack + 1e-12);
            if (w[0] == 1 && m == 2 && w[1] == 1) assertThat(greedy).as("unit costs: exact, seed %d", seed).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    private static double brute(double[][] tau, double[] a, double[] w, double compute, int[] ks, int i) {
        if (i == tau.length) {
            double s = 0, c = 0;
            for (int j = 0; j < ks.length; j++) { s += a[j] * tau[j][ks[j]]; c += w[j] * ks[j]; }
            return c <= compute + 1e-9 ? s : Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 1; k < tau[i].length; k++) { ks[i] = k; best = Math.min(best, brute(tau, a, w, compute, ks, i + 1)); }
        return best;
    }

    @Test void slowBudgetsAndSchedules() {
        assertThat(new LogPowerBudget(1, 0.5).k(1 << 20)).isEqualTo((int) Math.ceil(Math.sqrt(20 * Math.log(2))));
        assertThat(new LogPowerBudget(1, 1).k(1000)).isEqualTo(new LogBudget(1).k(1000));
        assertThat(new LogLogBudget(1).k(1 << 20)).isEqualTo((int) Math.ceil(Math.log(20 * Math.log(2))));
        assertThat(new LogLogBudget(1).k(2)).isEqualTo(1);
        ScheduleBudget s = new ScheduleBudget(new int[] {256, 1024}, new int[] {3, 7});
        assertThat(s.k(100)).isEqualTo(3);
        assertThat(s.k(512)).isEqualTo(3);
        assertThat(s.k(4096)).isEqualTo(7);
        assertThat(s.k(5)).isEqualTo(3);
        assertThat(s.k(2)).isEqualTo(2);
        for (BudgetPolicy b : new BudgetPolicy[] {s, new LogPowerBudget(2, 0.5), new LogLogBudget(1.5)})
            assertThat(BudgetPolicy.parse(b.spec())).isEqualTo(b);
        assertThatThrownBy(() -> BudgetPolicy.parse("schedule:256@3,128@4")).hasMessageContaining("ascending");
        assertThatThrownBy(() -> BudgetPolicy.parse("schedule:256-3")).hasMessageContaining("N@K");
        assertThatThrownBy(() -> new LogPowerBudget(1, 0)).hasMessageContaining("p");
        assertThatThrownBy(() -> EqualCompute.powerSchedule(8, 0.5, new int[] {512, 256})).hasMessageContaining("ascending");
    }
}
