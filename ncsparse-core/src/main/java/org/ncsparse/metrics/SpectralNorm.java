package org.ncsparse.metrics;

/**
 * Largest singular value ||A||_2 of a dense row-major matrix by power iteration on A^T A:
 * x <- A^T A x / ||A^T A x||, sigma = ||A x|| for unit x, until sigma changes by less than 1e-12
 * relative (or 2 000 steps). The start vector mixes a fixed pseudo-random direction with the
 * all-ones vector so it is not orthogonal to the top singular vector in practice.
 */
public final class SpectralNorm {
    private SpectralNorm() {}

    public static double of(double[] a, int rows, int cols) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("rows and cols must be >= 1, got " + rows + "x" + cols);
        if (a.length < (long) rows * cols)
            throw new IllegalArgumentException("a must hold rows*cols = " + (long) rows * cols + " values, got " + a.length);
        double[] x = new double[cols], y = new double[rows];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(0x5eed);
        for (int c = 0; c < cols; c++) x[c] = 1 + 0.5 * rnd.nextDouble();
        normalise(x);
        double sigma = 0;
        for (int step = 0; step < 2_000; step++) {
            multiply(a, rows, cols, x, y);
            double next = norm(y);
            if (next == 0) return 0;
            transposeMultiply(a, rows, cols, y, x);
            normalise(x);
            if (Math.abs(next - sigma) <= 1e-12 * next) return next;
            sigma = next;
        }
        return sigma;
    }

    private static void multiply(double[] a, int rows, int cols, double[] x, double[] y) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0, o = r * cols; c < cols; c++) s += a[o + c] * x[c];
            y[r] = s;
        }
    }

    private static void transposeMultiply(double[] a, int rows, int cols, double[] y, double[] x) {
        java.util.Arrays.fill(x, 0);
        for (int r = 0; r < rows; r++) {
            double yr = y[r];
            for (int c = 0, o = r * cols; c < cols; c++) x[c] += a[o + c] * yr;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double e : v) s += e * e;
        return Math.sqrt(s);
    }

    private static void normalise(double[] v) {
        double n = norm(v);
        for (int i = 0; i < v.length; i++) v[i] /= n;
    }
}
