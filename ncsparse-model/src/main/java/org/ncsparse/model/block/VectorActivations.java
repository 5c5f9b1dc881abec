package org.ncsparse.model.block;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.ExactExp;

/** The Vector API bodies of {@link Activations} (loaded only when {@code Simd.vectorized()}). */
final class VectorActivations {
    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;

    private VectorActivations() {}

    static void layerNorm(float[] x, int r0, int r1, int width, float[] gamma, float[] beta, float eps) {
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

    /** GELU in place on x[from, to); the tail by the double formula. */
    static void gelu(float[] x, int from, int to) {
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
            x[i] = (float) (0.5 * v * (1.0 + Activations.erf(v * 0.7071067811865476)));
        }
    }

}
