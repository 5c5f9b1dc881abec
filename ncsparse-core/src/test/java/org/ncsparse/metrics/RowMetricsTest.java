package org.ncsparse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.ncsparse.testing.RandomInputs;

class RowMetricsTest {

    /** A softmax row of n Gaussian logits with spread sigma. */
    static double[] softmaxRow(long seed, int n, double sigma) {
        RandomInputs rnd = new RandomInputs(seed);
        double[] p = new double[n];
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (int j = 0; j < n; j++) max = Math.max(max, p[j] = sigma * rnd.gaussian());
        for (int j = 0; j < n; j++) z += (p[j] = Math.exp(p[j] - max));
        for (int j = 0; j < n; j++) p[j] /= z;
        return p;
    }

    @Property(tries = 200)
    void rowL1ErrorIsTwiceTheDroppedMass(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n,
                                        @ForAll @DoubleRange(min = 0, max = 12) double sigma, @ForAll @IntRange(min = 1, max = 400) int k) {
        double[] p = softmaxRow(seed, n, sigma);
        RandomInputs rnd = new RandomInputs(seed + 1);
        // any kept subset (not only the top-k): the identity holds for every T
        int[] kept = new int[n];
        int count = 0;
        for (int j = 0; j < n; j++) if (rnd.nextInt(n) < k) kept[count++] = j;
        if (count == 0) kept[count++] = rnd.nextInt(n);
        double tau = RowMetrics.droppedMass(p, kept, count);
        assertThat(RowMetrics.l1Error(p, n, kept, count)).isCloseTo(2 * tau, within(1e-6));
    }

    @Test void effectiveCountsOfAKnownRow() {
        double[] p = {0.5, 0.25, 0.125, 0.0625, 0.0625};
        assertThat(RowMetrics.effectiveCount(p, 5, 0.1)).isEqualTo(3);
        assertThat(RowMetrics.effectiveCount(p, 5, 0.0625)).isEqualTo(5);
        assertThat(RowMetrics.kMass(p, 5, 0.5)).isEqualTo(1);
        assertThat(RowMetrics.kMass(p, 5, 0.2)).isEqualTo(3);
        assertThat(RowMetrics.kMass(p, 5, 0.0)).isEqualTo(5);
        assertThat(RowMetrics.effectiveSupport(new double[] {0.25, 0.25, 0.25, 0.25}, 4)).isCloseTo(4, within(1e-12));
        assertThat(RowMetrics.effectiveSupport(new double[] {1, 0, 0}, 3)).isCloseTo(1, within(1e-12));
        assertThat(RowMetrics.l2ErrorSquared(p, 5, new int[] {0, 1}, 2))
                .isCloseTo(sq(0.5 / 0.75 - 0.5) + sq(0.25 / 0.75 - 0.25) + sq(0.125) + 2 * sq(0.0625), within(1e-15));
    }

    @Test void recall() {
        double[] p = {0.4, 0.3, 0.2, 0.1};
        int[] exact = {0, 1}, approx = {1, 2};
        assertThat(SelectionRecall.indexRecall(approx, 2, exact, 2)).isEqualTo(0.5);
        assertThat(SelectionRecall.massRecall(p, approx, 2, exact, 2)).isCloseTo(0.5 / 0.7, within(1e-15));
    }

    @Test void summaryQuantiles() {
        Summary s = Summary.of(new double[] {4, 1, 3, 2, 5});
        assertThat(s.mean()).isEqualTo(3);
        assertThat(s.p50()).isEqualTo(3);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.p90()).isCloseTo(4.6, within(1e-12));
    }

    private static double sq(double x) { return x * x; }
}
