package org.ncsparse.model.block;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.ExactExp;

/** LayerNorm and exact-erf GELU, in place on row-major [rows][width] data. */
public final class Activations {
    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;
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
        int bound = S.loopBound(width);
        for (int r = r0; r < r1; r++) {
            int o = r * width, i = 0;
            FloatVector acc = FloatVector.zero(S);
            for (; i < bound; i += S.length()) acc = acc.add(FloatVector.fromArray(S, x, o + i));
            float sum = sumInLaneOrder(acc);
            for (; i < width; i++) sum += x[o + i];
            float mean = sum / width;
            FloatVector m = FloatVector.broadcast(S, mean);
            acc = FloatVector.zero(S);
            for (i = 0; i < bound; i += S.length()) { FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m); acc = d.fma(d, acc); }
            float var = sumInLaneOrder(acc);
            for (; i < width; i++) { float d = x[o + i] - mean; var += d * d; }
            float inv = (float) (1.0 / Math.sqrt(var / width + eps));
            FloatVector vi = FloatVector.broadcast(S, inv);
            for (i = 0; i < bound; i += S.length())
                FloatVector.fromArray(S, x, o + i).sub(m).mul(vi).fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(x, o + i);
            for (; i < width; i++) x[o + i] = (x[o + i] - mean) * inv * gamma[i] + beta[i];
        }
    }

    /**
     * Sum of the lanes in lane order: reduceLanes(ADD) leaves the order open and the JIT's order differs
     * from the interpreter's, which made the encoder's last bits depend on warm-up.
     */
    private static float sumInLaneOrder(FloatVector v) {
        float s = 0;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }

    /**
     * GELU(x) = x · ½ (1 + erf(x / √2)), the exact form BERT uses; Vector API lanes evaluate the same
     * erfc formula as {@link #erf} in float (abs. error of GELU below 1e-6 for |x| < 10), with core's
     * {@link ExactExp} so the encoder gives the same bits whatever the JIT has compiled yet.
     */
    public static void gelu(float[] x, int length) {
        gelu(x, 0, length);
    }

    /** GELU in place on x[from, to). */
    public static void gelu(float[] x, int from, int to) {
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            FloatVector z = v.mul(0.70710678f).abs();
            FloatVector t = z.mul(0.5f).add(1f);
            t = FloatVector.broadcast(S, 1f).div(t);
            FloatVector poly = t.fma(0.17087277f, -0.82215223f);
            poly = poly.mul(t).add(1.48851587f);
            poly = poly.mul(t).add(-1.13520398f);
            poly = poly.mul(t).add(0.27886807f);
            poly = poly.mul(t).add(-0.18628806f);
            poly = poly.mul(t).add(0.09678418f);
            poly = poly.mul(t).add(0.37409196f);
            poly = poly.mul(t).add(1.00002368f);
            poly = poly.mul(t).add(-1.26551223f);
            FloatVector erfc = t.mul(ExactExp.exp(poly.sub(z.mul(z)))); // bit-reproducible exp (argument <= ~0)
            // erf(x/√2) = 1 − erfc for x ≥ 0, erfc − 1 for x < 0; so 1 + erf = 2 − erfc or erfc
            FloatVector onePlusErf = FloatVector.broadcast(S, 2f).sub(erfc).blend(erfc, v.compare(VectorOperators.LT, 0f));
            v.mul(0.5f).mul(onePlusErf).intoArray(x, i);
        }
        for (; i < to; i++) {
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
