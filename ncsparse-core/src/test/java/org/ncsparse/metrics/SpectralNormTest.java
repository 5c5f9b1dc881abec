package org.ncsparse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

class SpectralNormTest {

    @Test void diagonalMatrix() {
        double[] a = {3, 0, 0, 0, -7, 0, 0, 0, 2}; // singular values 7, 3, 2
        assertThat(SpectralNorm.of(a, 3, 3)).isCloseTo(7, within(1e-6));
    }

    @Test void rankOneMatrixIsProductOfNorms() {
        RandomInputs rnd = new RandomInputs(Seeds.fresh("rank1"));
        int rows = 37, cols = 53;
        double[] u = new double[rows], v = new double[cols], a = new double[rows * cols];
        double nu = 0, nv = 0;
        for (int i = 0; i < rows; i++) { u[i] = rnd.gaussian(); nu += u[i] * u[i]; }
        for (int j = 0; j < cols; j++) { v[j] = rnd.gaussian(); nv += v[j] * v[j]; }
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i * cols + j] = u[i] * v[j];
        assertThat(SpectralNorm.of(a, rows, cols)).isCloseTo(Math.sqrt(nu * nv), within(1e-6 * Math.sqrt(nu * nv)));
    }

    @Test void rotatedSingularValues() {
        // A = R(theta) * diag(5, 1) * R(phi)^T has ||A||_2 = 5
        double t = 0.7, f = -1.3;
        double[][] r1 = {{Math.cos(t), -Math.sin(t)}, {Math.sin(t), Math.cos(t)}};
        double[][] r2 = {{Math.cos(f), Math.sin(f)}, {-Math.sin(f), Math.cos(f)}};
        double[] s = {5, 1}, a = new double[4];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) a[i * 2 + j] += r1[i][k] * s[k] * r2[k][j];
        assertThat(SpectralNorm.of(a, 2, 2)).isCloseTo(5, within(1e-6));
    }

    @Test void zeroMatrix() {
        assertThat(SpectralNorm.of(new double[6], 2, 3)).isZero();
    }
}
