package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x lane-wise for x &lt;= 0 (attention's l - max and rescale factors). Built from exact IEEE
 * operations only (compare, blend, add, mul, FMA, integer shift), so JIT-compiled and interpreted
 * code give identical bits and results do not depend on thread count or warm-up; VectorOperators.EXP
 * does not have that property (SVML in compiled code, Math.exp in the interpreter). Relative error
 * below 3e-7 (the reduction by ln 2 adds to the polynomial's error at large |x|); e^x = 0 below
 * x = -88 (where the true value is subnormal) and for x = -inf.
 *
 * <p>13 vector operations: z = fma(x, log2 e, 1.5 * 2^23 + 127) rounds x log2 e to the nearest
 * integer n in one step (the float's unit in the last place is 1 there) and leaves n + 127 in the
 * low mantissa bits; f = x - n ln2 by two FMAs (ln2 split into a part exact in float and a small
 * rest), |f| &lt;= ln2/2; e^f by its degree-6 Taylor polynomial (remainder below 1.3e-7, e^0 = 1
 * exactly); 2^n by shifting those bits into the exponent field (the shift drops everything above
 * them); lanes below the cut-off are set to +0 by one compare and blend at the end (a clamp by
 * {@code max} costs C2 six instructions, as Java's max orders -0 below +0 and returns NaN from either
 * side). Valid up to x = 88. Written out in one method on purpose: a small helper taking vectors is
 * not always inlined by C2 (it gives up in large callers), and a call boxes every vector it passes.
 */
public final class ExactExp {
    private ExactExp() {}

    /** 1.5 * 2^23 + 127: adding it rounds to an integer and leaves that integer plus the exponent bias in the low bits. */
    private static final float ROUNDER = 12583039f;

    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector z = x.fma(FloatVector.broadcast(s, 1.4426950408889634f), FloatVector.broadcast(s, ROUNDER));
        FloatVector n = z.sub(ROUNDER);
        FloatVector f = n.fma(FloatVector.broadcast(s, -0.693145751953125f), x);
        f = n.fma(FloatVector.broadcast(s, -1.428606765330187e-6f), f);
        FloatVector p = f.fma(FloatVector.broadcast(s, 1f / 720), FloatVector.broadcast(s, 1f / 120));
        p = p.fma(f, FloatVector.broadcast(s, 1f / 24));
        p = p.fma(f, FloatVector.broadcast(s, 1f / 6));
        p = p.fma(f, FloatVector.broadcast(s, 0.5f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        FloatVector twoN = z.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // n + 127 into the exponent field
        return p.mul(twoN).blend(0f, x.compare(VectorOperators.LT, -88f));
    }

    /** log2(e): logits multiplied by it (folded into the query scale) feed {@link #exp2} instead of {@link #exp}. */
    public static final float LOG2E = 1.442695f;

    /**
     * 2^x lane-wise for x &lt;= 0, built from the same exact operations as {@link #exp}, with less
     * work: 11 vector operations, 6 of them multiplies (exp: 13 and 10). z = x + 1.5 * 2^23 + 127
     * rounds x to the nearest integer n (one add, no multiply); f = x - n is exact, |f| &lt;= 1/2;
     * 2^f by a degree-5 polynomial fitted for least maximum relative error on [-1/2, 1/2] (Lawson
     * iterations; 9.2e-8 in exact arithmetic, 1.7e-7 evaluated in float, 2^0 = 1 exactly); 2^n from
     * the low bits of z as in exp; +0 below x = -127 and for -inf. Callers that keep the logits in
     * base 2 (scale * log2 e folded into the queries) need no reduction by ln 2.
     */
    public static FloatVector exp2(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector z = x.add(ROUNDER);
        FloatVector f = x.sub(z.sub(ROUNDER));
        FloatVector p = f.fma(FloatVector.broadcast(s, 0.0013264698f), FloatVector.broadcast(s, 0.009671509f));
        p = p.fma(f, FloatVector.broadcast(s, 0.05550734f));
        p = p.fma(f, FloatVector.broadcast(s, 0.24022242f));
        p = p.fma(f, FloatVector.broadcast(s, 0.693147f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        FloatVector twoN = z.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats(); // n + 127 into the exponent field
        return p.mul(twoN).blend(0f, x.compare(VectorOperators.LT, -127f));
    }
}
