package org.ncsparse.model.block;

/** RMSNorm (Llama family): y_i = w_i · x_i / √(mean_j x_j² + ε), the mean of squares accumulated in double. */
public final class RmsNorm {
    private RmsNorm() {}

    /** y[yOff .. yOff + width) = rmsnorm(x[xOff .. xOff + width)) ⊙ weight; x and y may be the same array. */
    public static void apply(float[] x, int xOff, float[] weight, float eps, float[] y, int yOff) {
        int width = weight.length;
        double ss = 0;
        for (int i = 0; i < width; i++) { float v = x[xOff + i]; ss += (double) v * v; }
        float inv = (float) (1.0 / Math.sqrt(ss / width + eps));
        for (int i = 0; i < width; i++) y[yOff + i] = weight[i] * (x[xOff + i] * inv);
    }

    /** Row by row over {@code rows} consecutive rows of width weight.length. */
    public static void rows(float[] x, int rows, float[] weight, float eps, float[] y) {
        for (int r = 0, w = weight.length; r < rows; r++) apply(x, r * w, weight, eps, y, r * w);
    }
}
