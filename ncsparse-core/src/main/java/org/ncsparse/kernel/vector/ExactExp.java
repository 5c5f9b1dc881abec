package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x lane-wise for x &lt;= 0 (attention's l - max and rescale factors). Built from exact IEEE
 * operations only (max, add, mul, FMA, integer add and shift), so JIT-compiled and interpreted code
 * give identical bits and results do not depend on thread count or warm-up; VectorOperators.EXP does
 * not have that property (SVML in compiled code, Math.exp in the interpreter). Relative error below
 * 3e-7 (the reduction by ln 2 adds to the polynomial's error at large |x|); e^x = 0 below x = -87.7 (where the true value is subnormal) and for x = -inf.
 *
 * <p>14 vector operations: x clamped to -88; z = fma(x, log2 e, 1.5 * 2^23) rounds x log2 e to the
 * nearest integer n in one step (the float's unit in the last place is 1 there) and leaves n in the
 * low mantissa bits; f = x - n ln2 by two FMAs (ln2 split into a part exact in float and a small
 * rest), |f| &lt;= ln2/2; e^f by its degree-6 Taylor polynomial (remainder below 1.3e-7, e^0 = 1
 * exactly); 2^n by shifting the integer bits of z, plus the bias 127, into the exponent field — for
 * n = -127 this is +0, which gives the flush to zero. Valid up to x = 88.
 */
public final class ExactExp {
    private ExactExp() {}

    private static final float ROUNDER = 12582912f; // 1.5 * 2^23

    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector xc = x.max(-88f);
        FloatVector z = xc.fma(FloatVector.broadcast(s, 1.4426950408889634f), FloatVector.broadcast(s, ROUNDER));
        FloatVector n = z.sub(ROUNDER);
        FloatVector f = n.fma(FloatVector.broadcast(s, -0.693145751953125f), xc);
        f = n.fma(FloatVector.broadcast(s, -1.428606765330187e-6f), f);
        FloatVector p = f.fma(FloatVector.broadcast(s, 1f / 720), FloatVector.broadcast(s, 1f / 120));
        p = p.fma(f, FloatVector.broadcast(s, 1f / 24));
        p = p.fma(f, FloatVector.broadcast(s, 1f / 6));
        p = p.fma(f, FloatVector.broadcast(s, 0.5f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        FloatVector twoN = z.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoN);
    }

    /** log2(e): logits multiplied by it (folded into the query scale) feed {@link #exp2} instead of {@link #exp}. */
    public static final float LOG2E = 1.442695f;

    /**
     * 2^x lane-wise for x &lt;= 0, built from the same exact operations as {@link #exp}, with less
     * work: 12 vector operations, 6 of them multiplies (exp: 14 and 10). x clamped to -127;
     * z = x + 1.5 * 2^23 rounds x to the nearest integer n (one add, no multiply); f = x - n is exact,
     * |f| &lt;= 1/2; 2^f by a degree-5 polynomial fitted for least maximum relative error on
     * [-1/2, 1/2] (Lawson iterations; 9.2e-8 in exact arithmetic, 1.7e-7 evaluated in float, 2^0 = 1
     * exactly); 2^n from the integer bits of z as in exp (n = -127 gives +0). Callers that keep the
     * logits in base 2 (scale * log2 e folded into the queries) need no reduction by ln 2.
     */
    public static FloatVector exp2(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector xc = x.max(-127f);
        FloatVector z = xc.add(ROUNDER);
        FloatVector f = xc.sub(z.sub(ROUNDER));
        FloatVector p = f.fma(FloatVector.broadcast(s, 0.0013264698f), FloatVector.broadcast(s, 0.009671509f));
        p = p.fma(f, FloatVector.broadcast(s, 0.05550734f));
        p = p.fma(f, FloatVector.broadcast(s, 0.24022242f));
        p = p.fma(f, FloatVector.broadcast(s, 0.693147f));
        p = p.fma(f, FloatVector.broadcast(s, 1f));
        FloatVector twoN = z.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoN);
    }
}
