package org.ncsparse.model.block;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Vector API GEMM against the double-accumulating reference, on sizes that hit every tail. */
class GemmTest {
    @Test
    void matchesReferenceOnAllTails() {
        Random r = new Random(42);
        int[][] shapes = {{1, 1, 1}, {3, 7, 5}, {4, 16, 64}, {5, 33, 65}, {9, 384, 384}, {7, 17, 130}, {130, 64, 200}};
        for (int[] s : shapes) {
            int rows = s[0], in = s[1], out = s[2];
            float[] x = rand(r, rows * in), w = rand(r, in * out), b = rand(r, out);
            float[] y = new float[rows * out], ref = new float[rows * out];
            for (int threads : new int[] {1, 2}) {
                Gemm.matmul(x, rows, in, w, out, b, y, threads);
                Gemm.reference(x, rows, in, w, out, b, ref);
                for (int i = 0; i < y.length; i++)
                    assertThat((double) y[i]).as("shape %dx%dx%d at %d", rows, in, out, i).isCloseTo(ref[i], org.assertj.core.data.Offset.offset(1e-4 * Math.sqrt(in)));
            }
        }
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
