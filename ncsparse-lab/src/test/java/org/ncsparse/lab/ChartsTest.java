package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tick labels and words a reader understands: decades, plain numbers, no E-notation, no internal keys. */
class ChartsTest {
    @Test void decadesAreReadable() {
        assertThat(Charts.tick(0.01)).isEqualTo("0.01");
        assertThat(Charts.tick(1)).isEqualTo("1");
        assertThat(Charts.tick(1000)).isEqualTo("1000");
        assertThat(Charts.tick(1e-5)).isEqualTo("10⁻⁵");
        assertThat(Charts.tick(1e6)).isEqualTo("10⁶");
        assertThat(Charts.tick(1024)).isEqualTo("1024");
        assertThat(Charts.tick(6.3e-2)).isEqualTo("0.063");
    }

    @Test void everyLabelIsAPlainNumberOrAPowerOfTen() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            double v = Math.pow(10, -12 + 24 * r.nextDouble()) * (r.nextBoolean() ? 1 : -1);
            String t = Charts.tick(v);
            assertThat(t).as("seed " + seed + ", v = " + v).doesNotContain("E").doesNotContain("e").doesNotContain("^").doesNotContain("NaN");
            double back = Double.parseDouble(t.replace('−', '-').replaceAll("×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$", "E$1")
                    .replaceAll("^(-?)10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$", "$11E$2").chars().map(ChartsTest::plainDigit)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
            assertThat(back).as("seed " + seed + ": " + t + " for " + v).isCloseTo(v, org.assertj.core.data.Percentage.withPercentage(1));
        }
    }

    private static int plainDigit(int c) {
        int i = "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c);
        return i >= 0 ? '0' + i : c == '⁻' ? '-' : c;
    }

    @Test void internalKeysBecomeWords() {
        assertThat(Charts.words("Figure 2: paper fro rows (s = 1, sigma = s*sqrt(d) = 8)")).doesNotContain("fro rows")
                .contains("σ = s*√d").contains("(1/n)‖P′−P‖_F");
        assertThat(Charts.words("output rel err")).isEqualTo("relative output error ‖O′−O‖/‖O‖");
        assertThat(Charts.words("eps=1.000e-04")).isEqualTo("ε = 10⁻⁴");
        assertThat(Charts.words("mean dropped mass tau (log scale)")).isEqualTo("mean dropped mass τ");
    }

    @Test void linearTickStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(Charts.niceStep(0.033)).isEqualTo(0.05, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Charts.niceStep(0.15)).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Charts.niceStep(7)).isEqualTo(10);
        assertThat(Charts.niceStep(1)).isEqualTo(1);
    }
}
