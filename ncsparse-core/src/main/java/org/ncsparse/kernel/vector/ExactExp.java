package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x lane-wise for x &lt;= 0 (attention's l - max and rescale factors). Built from exact IEEE
 * operations only (max, add, mul, FMA, integer add and shift), so JIT-compiled and interpreted code
 * give identical bits and results do not depend on thread count or warm-up; VectorOperators.EXP does
 * not have that property (SVML in compiled code, Math.exp in the interpreter). Relative error below
 * 2e-7; e^x = 0 below x = -87.7 (where the true value is subnormal) and for x = -inf.
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
}
