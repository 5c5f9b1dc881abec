package org.ncsparse.model.block;

import org.ncsparse.kernel.Simd;

/**
 * LayerNorm and exact-erf GELU, in place on row-major [rows][width] data: the Vector API bodies in
 * {@link VectorActivations}, plain Java here when {@link Simd#vectorized()} is false.
 */
public final class Activations {
    private Activations() {}

    /**
     * x_i ← γ (x_i − μ) / √(σ² + ε) + β per row, μ and σ² the row mean and (biased) variance.
     * Vector lanes accumulate in float (rows are a few hundred wide: relative error ~1e-7).
     */
    public static void layerNorm(float[] x, int rows, int width, float[] gamma, float[] beta, float eps) {
        layerNorm(x, 0, rows, width, gamma, beta, eps);
    }

    /** As {@link #layerNorm(float[], int, int, float[], float[], float)} for rows [r0, r1) only. */
    public static void layerNorm(float[] x, int r0, int r1, int width, float[] gamma, float[] beta, float eps) {
        if (Simd.vectorized()) {
            VectorActivations.layerNorm(x, r0, r1, width, gamma, beta, eps);
            return;
        }
        for (int r = r0; r < r1; r++) { // plain Java: the same float arithmetic, sequential sums
            int o = r * width;
            float sum = 0;
            for (int i = 0; i < width; i++) sum += x[o + i];
            float mean = sum / width, var = 0;
            for (int i = 0; i < width; i++) { float d = x[o + i] - mean; var = Math.fma(d, d, var); }
            float inv = (float) (1.0 / Math.sqrt(var / width + eps));
            for (int i = 0; i < width; i++) x[o + i] = Math.fma((x[o + i] - mean) * inv, gamma[i], beta[i]);
        }
    }

    /**
     * GELU(x) = x · ½ (1 + erf(x / √2)), the exact form BERT uses; Vector API lanes evaluate the same
     * erfc formula as {@link #erf} in float (abs. error of GELU below 1e-6 for |x| < 10), with core's
     * ExactExp so the encoder gives the same bits whatever the JIT has compiled yet; plain Java uses
     * the double formula of {@link #erf}.
     */
    public static void gelu(float[] x, int length) {
        gelu(x, 0, length);
    }

    /** GELU in place on x[from, to). */
    public static void gelu(float[] x, int from, int to) {
        if (Simd.vectorized()) {
            VectorActivations.gelu(x, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + erf(v * 0.7071067811865476)));
        }
    }

    /**
     * erf with absolute error below 1.2e-7 over the real line: Numerical Recipes' Chebyshev-fitted
     * erfc(z) = t · exp(−z² + P(t)), t = 1 / (1 + z/2), z = |x|.
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double erfc = t * StrictMath.exp(poly); // StrictMath: the same bits interpreted or compiled
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
