package org.ncsparse.model.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ncsparse.kernel.Simd;

/** LayerNorm at the width in force (plain Java included) against the double-precision formula. */
class ActivationsTest {
    @Test
    void layerNormMatchesDoubleFormula() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int width : new int[] {1, 3, 16, 17, 384, 385}) {
            int rows = 5;
            float[] x = new float[rows * width], gamma = new float[width], beta = new float[width];
            for (int i = 0; i < x.length; i++) x[i] = (float) (3 + 2 * r.nextGaussian());
            for (int i = 0; i < width; i++) { gamma[i] = (float) r.nextGaussian(); beta[i] = (float) r.nextGaussian(); }
            float[] y = x.clone();
            Activations.layerNorm(y, 1, rows, width, gamma, beta, 1e-12f);
            for (int row = 0; row < rows; row++) {
                double mean = 0, var = 0;
                for (int i = 0; i < width; i++) mean += x[row * width + i];
                mean /= width;
                for (int i = 0; i < width; i++) var += Math.pow(x[row * width + i] - mean, 2);
                double inv = 1 / Math.sqrt(var / width + 1e-12);
                for (int i = 0; i < width; i++) {
                    int o = row * width + i;
                    // row 0 is outside [1, rows) and stays as it was
                    double want = row == 0 ? x[o] : (x[o] - mean) * inv * gamma[i] + beta[i];
                    // float sums over the row: relative error ~ width * 2^-24 on the normalised value (|z| up to sqrt(width))
                    double tol = row == 0 ? 0 : (width + 4) * 0x1p-24 * (Math.abs(gamma[i]) * (1 + Math.abs((x[o] - mean) * inv)) * 4) + 1e-6 * Math.abs(beta[i]);
                    assertThat((double) y[o]).as("seed %d, width %d, row %d, col %d, %s", seed, width, row, i, Simd.describe())
                            .isCloseTo(want, org.assertj.core.data.Offset.offset(tol + 1e-30));
                }
            }
        }
    }
}
