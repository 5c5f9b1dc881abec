package org.ncsparse.model.block;

/**
 * How rotary frequencies are stretched for long contexts.
 * <ul>
 *   <li>{@code llama3} (Llama 3.1/3.2): with wavelength λ_i = 2π / θ_i and L = original context,
 *       λ_i &lt; L / highFreqFactor keeps θ_i; λ_i &gt; L / lowFreqFactor uses θ_i / factor; in
 *       between, θ_i ((1 − s)/factor + s) with s = (L/λ_i − lowFreqFactor) / (highFreqFactor − lowFreqFactor).</li>
 *   <li>{@code linear}: every θ_i / factor (positions divided by factor).</li>
 * </ul>
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor, int originalContext) {
    public RopeScaling {
        if (!type.equals("llama3") && !type.equals("linear"))
            throw new IllegalArgumentException("rope_scaling type '" + type + "' is not supported (llama3 and linear are)");
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("rope_scaling factor must be > 0, got " + factor);
        if (type.equals("llama3")) {
            if (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor))
                throw new IllegalArgumentException("rope_scaling needs 0 < low_freq_factor < high_freq_factor, got "
                        + lowFreqFactor + " and " + highFreqFactor);
            if (originalContext < 1) throw new IllegalArgumentException("rope_scaling original_max_position_embeddings must be >= 1, got " + originalContext);
        }
    }

    public static RopeScaling linear(double factor) { return new RopeScaling("linear", factor, 0, 0, 0); }

    /** The divisor applied to inverse frequency θ (radians per position): θ / divisor(θ). */
    public double divisor(double theta) {
        if (type.equals("linear")) return factor;
        double wavelength = 2 * Math.PI / theta;
        double highWave = originalContext / highFreqFactor, lowWave = originalContext / lowFreqFactor;
        if (wavelength < highWave) return 1;
        if (wavelength > lowWave) return factor;
        double s = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        return 1 / ((1 - s) / factor + s);
    }
}
