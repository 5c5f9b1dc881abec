package org.ncsparse.model.bert;

/** LayerNorm and exact-erf GELU, in place on row-major [rows][width] data. */
public final class Activations {
    private Activations() {}

    /** x_i ← γ (x_i − μ) / √(σ² + ε) + β per row, μ and σ² the row mean and (biased) variance. */
    public static void layerNorm(float[] x, int rows, int width, float[] gamma, float[] beta, float eps) {
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            double mean = 0;
            for (int i = 0; i < width; i++) mean += x[o + i];
            mean /= width;
            double var = 0;
            for (int i = 0; i < width; i++) { double d = x[o + i] - mean; var += d * d; }
            var /= width;
            double inv = 1.0 / Math.sqrt(var + eps);
            for (int i = 0; i < width; i++) x[o + i] = (float) ((x[o + i] - mean) * inv) * gamma[i] + beta[i];
        }
    }

    /** GELU(x) = x · ½ (1 + erf(x / √2)), the exact form BERT uses. */
    public static void gelu(float[] x, int length) {
        for (int i = 0; i < length; i++) {
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
        double erfc = t * Math.exp(poly);
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
