package org.ncsparse.model.block;

/**
 * Rotary position embedding: for a head vector x (d values) at position p, pair i (i &lt; d/2) is
 * rotated by angle p·θ_i:
 * <pre>
 *   x_a' = x_a cos(pθ_i) − x_b sin(pθ_i)
 *   x_b' = x_a sin(pθ_i) + x_b cos(pθ_i)
 * </pre>
 * with (a, b) = (i, i + d/2) for {@link RopeLayout#HALVES} and (2i, 2i + 1) for
 * {@link RopeLayout#INTERLEAVED}; θ_i = base^(−2i/d), changed by rope scaling or divided by GGUF
 * rope_freqs. YaRN scaling also multiplies cos and sin by its attention factor.
 */
public final class Rope {
    private final int headDim;
    private final RopeLayout layout;
    private final double[] theta; // (headDim / 2)
    private final double magnitude; // cos/sin factor (YaRN's attention factor, else 1)

    /**
     * @param freqFactors per-pair divisors (GGUF {@code rope_freqs.weight}, length d/2) or null
     */
    public Rope(int headDim, double base, RopeScaling scaling, float[] freqFactors, RopeLayout layout) {
        if (headDim < 2 || headDim % 2 != 0) throw new IllegalArgumentException("head dimension must be even and >= 2 for RoPE, got " + headDim);
        if (!(base > 1) || Double.isInfinite(base)) throw new IllegalArgumentException("rope_theta must be > 1, got " + base);
        if (freqFactors != null && freqFactors.length != headDim / 2)
            throw new IllegalArgumentException("rope_freqs.weight must have headDim/2 = " + headDim / 2 + " values, got " + freqFactors.length);
        this.headDim = headDim;
        this.layout = layout;
        theta = new double[headDim / 2];
        for (int i = 0; i < headDim / 2; i++) {
            double t = Math.pow(base, -2.0 * i / headDim);
            if (scaling != null) t = scaling.scaled(i, t, headDim, base);
            if (freqFactors != null) t /= freqFactors[i];
            theta[i] = t;
        }
        magnitude = scaling == null ? 1 : scaling.attentionFactor();
    }

    public int headDim() { return headDim; }

    /** m·cos/m·sin of p·θ_i into cos[off + i], sin[off + i] for i &lt; d/2 (angles in double; m = 1 unless YaRN). */
    public void angles(int position, float[] cos, float[] sin, int off) {
        for (int i = 0; i < theta.length; i++) {
            double a = position * theta[i];
            cos[off + i] = (float) (magnitude * Math.cos(a));
            sin[off + i] = (float) (magnitude * Math.sin(a));
        }
    }

    /** Rotates {@code heads} consecutive head vectors x[xOff + h·d ..] with the angles at cos/sin[off ..]. */
    public void rotate(float[] x, int xOff, int heads, float[] cos, float[] sin, int off) {
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            int base = xOff + h * headDim;
            for (int i = 0; i < half; i++) {
                int a = layout == RopeLayout.HALVES ? base + i : base + 2 * i;
                int b = layout == RopeLayout.HALVES ? a + half : a + 1;
                float c = cos[off + i], s = sin[off + i], xa = x[a], xb = x[b];
                x[a] = xa * c - xb * s;
                x[b] = xa * s + xb * c;
            }
        }
    }
}
