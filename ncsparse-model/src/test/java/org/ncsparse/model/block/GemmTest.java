package org.ncsparse.model.block;

import org.junit.jupiter.api.Test;

import java.util.Random;
import org.ncsparse.kernel.Simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The GEMM (at whatever width {@code ncsparse.vector.bits} chose, plain Java included) against the
 * double-accumulating reference, on sizes that hit every row tile, panel tail and thread split.
 */
class GemmTest {
    @Test
    void matchesReferenceOnAllTails() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        int[][] shapes = {{1, 1, 1}, {3, 7, 5}, {4, 16, 64}, {5, 33, 65}, {9, 384, 384}, {7, 17, 130}, {130, 64, 200},
                {6, 20, 17}, {8, 9, 129}, {11, 40, 64}, {13, 5, 31}, {128, 384, 96}};
        for (int[] s : shapes) {
            int rows = s[0], in = s[1], out = s[2];
            float[] x = rand(r, rows * in), w = rand(r, in * out), b = rand(r, out);
            float[] ref = new float[rows * out], refNoBias = new float[rows * out], first = null;
            Gemm.reference(x, rows, in, w, out, b, ref);
            Gemm.reference(x, rows, in, w, out, null, refNoBias);
            for (int threads : new int[] {1, 2}) {
                for (float[] bias : new float[][] {b, null}) {
                    float[] y = new float[rows * out];
                    Gemm.matmul(x, rows, in, w, out, bias, y, threads);
                    for (int i = 0; i < y.length; i++) {
                        int row = i / out, col = i % out;
                        // fp32 dot product of length in (+ bias): |error| <= in * 2^-24 * sum_k |x_k w_k| (+ one rounding)
                        double cond = bias == null ? 0 : Math.abs(b[col]), want = bias == null ? refNoBias[i] : ref[i];
                        for (int k = 0; k < in; k++) cond += Math.abs((double) x[row * in + k] * w[k * out + col]);
                        assertThat((double) y[i]).as("seed %d, shape %dx%dx%d, threads %d, bias %b, %s, output %d", seed, rows, in, out, threads,
                                        bias != null, Simd.describe(), i)
                                .isCloseTo(want, org.assertj.core.data.Offset.offset((in + 2) * 0x1p-24 * cond + 1e-30));
                    }
                    if (bias != null) {
                        if (first == null) first = y;
                        else assertThat(y).as("seed %d: same bits on 1 and 2 threads", seed).containsExactly(first);
                    }
                }
            }
        }
    }

    @Test
    void rowTileFitsTheRegisterFile() {
        int bits = Simd.vectorBits();
        assertThat(Gemm.rowTile()).isEqualTo(bits == 0 ? 1 : bits >= 512 ? 4 : 3);
        assertThat(Gemm.PANEL).isEqualTo(bits == 0 ? 16 : 4 * bits / 32);
    }

    @Test
    void refusesMismatchedShapes() {
        assertThatThrownBy(() -> Gemm.pack(new float[5], 2, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in 2 x out 3");
        Gemm.Packed p = Gemm.pack(new float[6], 2, 3);
        assertThatThrownBy(() -> Gemm.matmul(new float[4], 2, p, new float[2], new float[6], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void erfIsAccurate() {
        // erf(0.5) = 0.5204998778130465, erf(1) = 0.8427007929497149, erf(2) = 0.9953222650189527
        assertThat(Activations.erf(0.5)).isCloseTo(0.5204998778130465, org.assertj.core.data.Offset.offset(2e-7));
        assertThat(Activations.erf(1)).isCloseTo(0.8427007929497149, org.assertj.core.data.Offset.offset(2e-7));
        assertThat(Activations.erf(-2)).isCloseTo(-0.9953222650189527, org.assertj.core.data.Offset.offset(2e-7));
        assertThat(Activations.erf(0)).isCloseTo(0, org.assertj.core.data.Offset.offset(2e-7));
    }

    @Test
    void vectorGeluMatchesDoubleFormula() {
        int n = 1000 + 7;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = -12f + 24f * i / n;
        float[] g = x.clone();
        Activations.gelu(g, n);
        for (int i = 0; i < n; i++) {
            double v = x[i], want = 0.5 * v * (1 + Activations.erf(v / Math.sqrt(2)));
            assertThat((double) g[i]).as("gelu(%f)", v).isCloseTo(want, org.assertj.core.data.Offset.offset(2e-6 * Math.max(1, Math.abs(v))));
        }
    }

    private static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
