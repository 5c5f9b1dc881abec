package org.ncsparse.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RoPE: llama.cpp's interleaved rotation on rows permuted the way its converter permutes Wq/Wk equals
 * the Hugging Face half rotation on the original rows (the identity GGUF llama files rely on); the
 * rotation keeps norms; Llama-3 scaling has its three bands and is continuous at their edges; YaRN keeps
 * fast pairs, interpolates slow ones, ramps between and scales cos/sin by its attention factor.
 */
class RopeTest {
    /** The converter's permutation of one head: halves position (i, i + d/2) goes to (2i, 2i + 1). */
    static float[] permute(float[] x, int heads, int d) {
        float[] y = new float[x.length];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < d / 2; i++) {
                y[h * d + 2 * i] = x[h * d + i];
                y[h * d + 2 * i + 1] = x[h * d + i + d / 2];
            }
        return y;
    }

    @Test
    void interleavedOnPermutedRowsEqualsHalves() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        int d = 16, heads = 3;
        RopeScaling scaling = new RopeScaling.Llama3(8, 1, 4, 16);
        Rope halves = new Rope(d, 500000, scaling, null, RopeLayout.HALVES), inter = new Rope(d, 500000, scaling, null, RopeLayout.INTERLEAVED);
        float[] cos = new float[d / 2], sin = new float[d / 2];
        for (int pos : new int[] {0, 1, 7, 1000, 100_000}) {
            float[] x = new float[heads * d];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            float[] p = permute(x, heads, d);
            double before = norm(x);
            halves.angles(pos, cos, sin, 0);
            halves.rotate(x, 0, heads, cos, sin, 0);
            inter.rotate(p, 0, heads, cos, sin, 0);
            assertThat(p).as("seed %d position %d", seed, pos).containsExactly(permute(x, heads, d));
            assertThat(norm(x)).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-4 * before));
            if (pos == 0) assertThat(cos).containsOnly(1f);
        }
    }

    @Test
    void llama3ScalingBands() {
        RopeScaling.Llama3 s = new RopeScaling.Llama3(8, 1, 4, 8192);
        double highWave = 8192 / 4.0, lowWave = 8192 / 1.0;
        assertThat(s.divisor(2 * Math.PI / (highWave * 0.99))).isEqualTo(1);   // short wavelengths keep their frequency
        assertThat(s.divisor(2 * Math.PI / (lowWave * 1.01))).isEqualTo(8);    // long ones are divided by factor
        assertThat(s.divisor(2 * Math.PI / (highWave * 1.0001))).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(s.divisor(2 * Math.PI / (lowWave * 0.9999))).isCloseTo(8, org.assertj.core.data.Offset.offset(1e-2));
        double mid = s.divisor(2 * Math.PI / Math.sqrt(highWave * lowWave));
        assertThat(mid).isStrictlyBetween(1.0, 8.0);
        assertThat(RopeScaling.linear(4).scaled(3, 0.3, 16, 10000)).isEqualTo(0.3 / 4);
    }

    @Test
    void yarnKeepsFastPairsInterpolatesSlowOnesAndScalesMagnitude() {
        int d = 64;
        double base = 10000, factor = 8;
        RopeScaling.Yarn y = RopeScaling.Yarn.withDefaults(factor, 4096);
        // pair i turns r times over L = 4096 at i = d ln(L / 2πr) / (2 ln base): r = 32 → 10.6, r = 1 → 22.6
        double low = Math.floor(d * Math.log(4096 / (32 * 2 * Math.PI)) / (2 * Math.log(base)));
        double high = Math.ceil(d * Math.log(4096 / (2 * Math.PI)) / (2 * Math.log(base)));
        assertThat(low).isEqualTo(10);
        assertThat(high).isEqualTo(23);
        for (int i = 0; i < d / 2; i++) {
            double theta = Math.pow(base, -2.0 * i / d), t = y.scaled(i, theta, d, base);
            if (i <= low) assertThat(t).as("pair %d extrapolated", i).isEqualTo(theta);
            else if (i >= high) assertThat(t).as("pair %d interpolated", i).isCloseTo(theta / factor, org.assertj.core.data.Offset.offset(1e-15));
            else assertThat(t).as("pair %d on the ramp", i).isStrictlyBetween(theta / factor, theta);
        }
        assertThat(y.attentionFactor()).isCloseTo(0.1 * Math.log(8) + 1, org.assertj.core.data.Offset.offset(1e-12));
        Rope rope = new Rope(d, base, y, null, RopeLayout.HALVES);
        float[] cos = new float[d / 2], sin = new float[d / 2];
        rope.angles(1234, cos, sin, 0);
        for (int i = 0; i < d / 2; i++)
            assertThat(Math.hypot(cos[i], sin[i])).isCloseTo(y.attentionFactor(), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void scalingParametersAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RopeScaling.Yarn(4, 4096, 1, 32, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beta_fast > beta_slow");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RopeScaling.Yarn.withDefaults(Double.NaN, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("factor");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RopeScaling.Llama3(8, 4, 1, 8192))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low_freq_factor");
    }

    static double norm(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return Math.sqrt(s);
    }
}
