package org.ncsparse.model.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Greedy picks the arg max (lowest id on ties); sampling follows softmax(l / T) within the top-p nucleus and repeats with its seed. */
class SamplerTest {
    @Test
    void greedyTakesTheLowestArgMax() {
        assertThat(Sampler.greedy().next(new float[] {0, 3, 1, 3})).isEqualTo(1);
    }

    @Test
    void samplingFollowsTheNucleusDistribution() {
        long seed = System.nanoTime();
        float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
        int draws = 20000;
        int[] full = counts(new Sampler(1, 1, seed), logits, draws), nucleus = counts(new Sampler(1, 0.7f, seed), logits, draws);
        double[] p = {0.5, 0.3, 0.2};
        for (int i = 0; i < 3; i++) {
            double sd = Math.sqrt(draws * p[i] * (1 - p[i]));
            assertThat((double) full[i]).as("token %d (seed %d)", i, seed).isCloseTo(draws * p[i], org.assertj.core.data.Offset.offset(5 * sd));
        }
        // top-p 0.7: the smallest most-likely set with mass >= 0.7 is {0, 1}, renormalised to 5/8, 3/8
        assertThat(nucleus[2]).isZero();
        double sd = Math.sqrt(draws * 0.625 * 0.375);
        assertThat((double) nucleus[0]).isCloseTo(draws * 0.625, org.assertj.core.data.Offset.offset(5 * sd));
        assertThat(counts(new Sampler(1, 1, seed), logits, 50)).containsExactly(counts(new Sampler(1, 1, seed), logits, 50));
        // temperature sharpens: at T = 0.1, 0.5 vs 0.3 becomes (5/3)^10 ≈ 165 : 1
        assertThat(counts(new Sampler(0.1f, 1, seed), logits, 2000)[0]).isGreaterThan(1950);
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> new Sampler(-1, 1, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Sampler(1, 0, 0)).hasMessageContaining("top-p");
        assertThatThrownBy(() -> Sampler.greedy().next(new float[] {Float.NaN})).hasMessageContaining("NaN");
    }

    static int[] counts(Sampler s, float[] logits, int draws) {
        int[] c = new int[logits.length];
        for (int i = 0; i < draws; i++) c[s.next(logits)]++;
        return c;
    }
}
