package org.ncsparse.decode;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link HalfOps}: L 16-bit lanes are loaded (a half-width short vector),
 * sign-extended to int lanes and turned into float32 bit patterns:
 * <ul>
 *   <li>BF16: bits &lt;&lt; 16, exact.</li>
 *   <li>F16: JDK 25's Vector API has no F16-to-F32 lane conversion (S2F converts the integer), so it
 *       is done in int lanes: sign to bit 31, exponent and significand (15 bits) shifted left 13 into
 *       the float32 fields, and the result multiplied by 2^112, the difference of the exponent biases
 *       (127 - 15). That is exact for normal and subnormal F16 (a subnormal m 2^-24 becomes the
 *       float32 subnormal m 2^-136, times 2^112). Infinity and NaN would need a fix-up; the cache never
 *       stores them.</li>
 * </ul>
 */
final class VectorHalfOps {
    private VectorHalfOps() {}

    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;
    private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    private static final float F16_BIAS = 0x1p112f;

    /** L 16-bit patterns at t[off..] as float32 lanes. */
    private static FloatVector load(short[] t, int off, boolean bf16) {
        IntVector i = (IntVector) ShortVector.fromArray(SS, t, off).convertShape(VectorOperators.S2I, SI, 0);
        if (bf16) return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
        IntVector bits = i.and(0x8000_0000).or(i.and(0x7FFF).lanewise(VectorOperators.LSHL, 13));
        return bits.reinterpretAsFloats().mul(F16_BIAS);
    }

    static float score(float[] q, int qOff, short[] t, int tOff, int stride, int len, int d, float scale, float[] out, int outOff, boolean bf16) {
        float max = Float.NEGATIVE_INFINITY;
        int s = 0;
        for (int bound = S.loopBound(len); s < bound; s += S.length()) {
            FloatVector acc = FloatVector.zero(S);
            for (int c = 0; c < d; c++) acc = load(t, tOff + c * stride + s, bf16).fma(FloatVector.broadcast(S, q[qOff + c]), acc);
            acc = acc.mul(scale);
            acc.intoArray(out, outOff + s);
            max = Math.max(max, acc.reduceLanes(VectorOperators.MAX));
        }
        return HalfOps.scalarScore(q, qOff, t, tOff, stride, s, len, d, scale, out, outOff, bf16, max);
    }

    static void axpy(float w, short[] v, int off, float[] acc, int dv, boolean bf16) {
        int c = 0;
        for (int bound = S.loopBound(dv); c < bound; c += S.length())
            load(v, off + c, bf16).fma(FloatVector.broadcast(S, w), FloatVector.fromArray(S, acc, c)).intoArray(acc, c);
        HalfOps.scalarAxpy(w, v, off, acc, c, dv, bf16);
    }

    static void widenRow(short[] v, int off, float[] dst, int n, boolean bf16) {
        int c = 0;
        for (int bound = S.loopBound(n); c < bound; c += S.length()) load(v, off + c, bf16).intoArray(dst, c);
        for (; c < n; c++) dst[c] = HalfOps.widen(v[off + c], bf16);
    }
}
