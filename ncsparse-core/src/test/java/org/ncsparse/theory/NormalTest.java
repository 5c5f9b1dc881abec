package org.ncsparse.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalTest {
    @Test void knownValues() {
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-14));
        assertThat(Normal.sf(3)).isCloseTo(1.3498980316300946e-3, within(1e-17));
        assertThat(Normal.sf(5) / 2.866515718791939e-7).isCloseTo(1, within(1e-12));
        assertThat(Normal.sf(10) / 7.619853024160527e-24).isCloseTo(1, within(1e-12));
        assertThat(Normal.logSf(40)).isCloseTo(-804.6084420137538, within(1e-9));
    }

    @Test void seriesAndContinuedFractionAgreeAtTheSwitch() {
        assertThat(Normal.sf(2.999999999) / Normal.sf(3.000000001)).isCloseTo(1, within(1e-8));
    }

    @Test void quantilesInvertTheCdf() {
        for (double p : new double[] {1e-300, 1e-30, 1e-9, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.999}) {
            double x = Normal.isf(p);
            assertThat(Normal.sf(x) / p).as("p=%s", p).isCloseTo(1, within(1e-12));
            assertThat(QuantileTable.isf(p)).as("table p=%s", p).isCloseTo(x, within(1e-9));
        }
        assertThat(Normal.icdf(0.975)).isCloseTo(1.959963984540054, within(1e-13));
        assertThatThrownBy(() -> Normal.isf(0)).hasMessageContaining("p must be in (0, 1)");
    }

    @Test void gammaFunction() {
        assertThat(Gamma.gamma(0.5)).isCloseTo(Math.sqrt(Math.PI), within(1e-12));
        assertThat(Gamma.gamma(5)).isCloseTo(24, within(1e-11));
        assertThat(Gamma.logGamma(100)).isCloseTo(359.1342053695754, within(1e-10));
        assertThat(Gamma.gamma(0.01)).isCloseTo(99.43258511915060, within(1e-10));
    }
}
