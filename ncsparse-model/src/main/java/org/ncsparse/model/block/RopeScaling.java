package org.ncsparse.model.block;

/**
 * How rotary frequencies are stretched for contexts longer than the one a model was trained on.
 * θ_i = base^(−2i/d) is the frequency of pair i (radians per position); each kind maps it to a new
 * θ'_i, and YaRN also scales cos/sin (so both q and k) by an attention factor.
 */
public sealed interface RopeScaling {

    /** θ'_i for pair i (i &lt; d/2) whose unscaled frequency is {@code theta} = base^(−2i/d). */
    double scaled(int pair, double theta, int headDim, double base);

    /** Factor applied to cos and sin (1 except for YaRN): the logits q·k scale by its square. */
    default double attentionFactor() { return 1; }

    static RopeScaling linear(double factor) { return new Linear(factor); }

    /** Every θ_i / factor (positions divided by factor). */
    record Linear(double factor) implements RopeScaling {
        public Linear {
            requireFactor(factor);
        }

        @Override public double scaled(int pair, double theta, int headDim, double base) { return theta / factor; }
    }

    /**
     * Llama 3.1/3.2: with wavelength λ_i = 2π / θ_i and L = original context, λ_i &lt; L / highFreqFactor
     * keeps θ_i; λ_i &gt; L / lowFreqFactor uses θ_i / factor; in between θ_i ((1 − s)/factor + s) with
     * s = (L/λ_i − lowFreqFactor) / (highFreqFactor − lowFreqFactor).
     */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalContext) implements RopeScaling {
        public Llama3 {
            requireFactor(factor);
            if (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor))
                throw new IllegalArgumentException("rope_scaling needs 0 < low_freq_factor < high_freq_factor, got " + lowFreqFactor + " and " + highFreqFactor);
            requireContext(originalContext);
        }

        @Override public double scaled(int pair, double theta, int headDim, double base) { return theta / divisor(theta); }

        /** θ / θ' for frequency θ. */
        public double divisor(double theta) {
            double wavelength = 2 * Math.PI / theta;
            double highWave = originalContext / highFreqFactor, lowWave = originalContext / lowFreqFactor;
            if (wavelength < highWave) return 1;
            if (wavelength > lowWave) return factor;
            double s = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
            return 1 / ((1 - s) / factor + s);
        }
    }

    /**
     * YaRN: pairs that turn more than betaFast times over the original context L keep θ_i
     * (extrapolation), pairs that turn fewer than betaSlow times use θ_i / factor (interpolation), and a
     * linear ramp over the pair index joins them. Pair i turns r times over L when
     * i = d·ln(L / (2π r)) / (2 ln base); the ramp runs from ⌊i(betaFast)⌋ to ⌈i(betaSlow)⌉, clamped to
     * [0, d − 1]. cos/sin are multiplied by attentionFactor (default 0.1·ln(factor) + 1).
     */
    record Yarn(double factor, int originalContext, double betaFast, double betaSlow, double attentionFactor) implements RopeScaling {
        public Yarn {
            requireFactor(factor);
            requireContext(originalContext);
            if (!(betaFast > betaSlow) || !(betaSlow > 0) || Double.isInfinite(betaFast))
                throw new IllegalArgumentException("rope_scaling needs beta_fast > beta_slow > 0, got " + betaFast + " and " + betaSlow);
            if (!(attentionFactor > 0) || Double.isInfinite(attentionFactor))
                throw new IllegalArgumentException("rope_scaling attention_factor must be > 0, got " + attentionFactor);
        }

        /** YaRN with the published defaults beta_fast = 32, beta_slow = 1 and attention factor 0.1·ln(factor) + 1. */
        public static Yarn withDefaults(double factor, int originalContext) {
            requireFactor(factor);
            return new Yarn(factor, originalContext, 32, 1, defaultAttentionFactor(factor));
        }

        public static double defaultAttentionFactor(double factor) { return factor <= 1 ? 1 : 0.1 * Math.log(factor) + 1; }

        @Override public double scaled(int pair, double theta, int headDim, double base) {
            double low = Math.max(0, Math.floor(correctionPair(betaFast, headDim, base)));
            double high = Math.min(headDim - 1, Math.ceil(correctionPair(betaSlow, headDim, base)));
            if (high == low) high += 0.001; // as the reference implementations: avoid a zero-width ramp
            double ramp = Math.min(1, Math.max(0, (pair - low) / (high - low)));
            // ramp 0: extrapolate (keep θ); ramp 1: interpolate (θ / factor)
            return theta * (1 - ramp) + theta / factor * ramp;
        }

        private double correctionPair(double rotations, int headDim, double base) {
            return headDim * Math.log(originalContext / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
        }
    }

    private static void requireFactor(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("rope_scaling factor must be > 0, got " + factor);
    }

    private static void requireContext(int originalContext) {
        if (originalContext < 1) throw new IllegalArgumentException("rope_scaling original_max_position_embeddings must be >= 1, got " + originalContext);
    }
}
