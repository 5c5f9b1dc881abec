package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one SIMD width every vector kernel uses, fixed at class load so the JIT can constant-fold it:
 * the platform's preferred species (512 bits on AVX-512), or 256/128 bits when the system property
 * {@code ncsparse.vector.bits} says so (the benchmarks compare widths that way).
 */
final class Vec {
    private Vec() {}

    static final VectorSpecies<Float> S = pick(Integer.getInteger("ncsparse.vector.bits", 0));
    /** Lanes per vector: 16 floats at 512 bits. */
    static final int L = S.length();
    /** The int species with the same lane count (key indices and counters beside float lanes). */
    @SuppressWarnings("unchecked")
    static final VectorSpecies<Integer> SI = (VectorSpecies<Integer>) S.withLanes(int.class);

    private static VectorSpecies<Float> pick(int bits) {
        return switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
    }

    // No static final vector constants: C2 does not keep them in registers (measured: 6 vs 106
    // GFLOP/s in the Q.K^T micro-kernel); vectors are built inline instead.

    static FloatVector negInf() { return FloatVector.broadcast(S, Float.NEGATIVE_INFINITY); }

    /**
     * e^x lane-wise for x &lt;= 0 (every use here: l - max, or old max - new max). Built from exact
     * IEEE operations only (mul, add, FMA, conversions), so JIT-compiled and interpreted code give
     * identical bits and results do not depend on thread count or warm-up; VectorOperators.EXP does
     * not have that property (SVML in compiled code, Math.exp in the interpreter) and was measured
     * no faster (about 5.5 ns per 16 lanes each). Relative error below 2e-7; e^x = 0 below x = -87.3.
     *
     * <p>Cody-Waite: n = round(x log2 e), f = x - n ln2 (ln2 split in a high part exact in float and a
     * low part), |f| &lt;= ln2/2; e^f by its Taylor polynomial to degree 6 (remainder below 1.3e-7);
     * 2^n by writing n + 127 into the exponent bits.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector t = x.mul(1.4426950408889634f).max(-127f);
        FloatVector n = t.sub(0.5f).convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0).reinterpretAsFloats(); // round for t <= 0.5
        FloatVector f = n.fma(FloatVector.broadcast(S, -0.693145751953125f), x).add(n.mul(-1.428606765330187e-6f));
        FloatVector p = f.fma(FloatVector.broadcast(S, 1f / 720), FloatVector.broadcast(S, 1f / 120));
        p = p.fma(f, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(f, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(f, FloatVector.broadcast(S, 0.5f));
        p = p.fma(f, FloatVector.broadcast(S, 1f));
        p = p.fma(f, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats()).blend(0f, t.compare(VectorOperators.LT, -126f));
    }

    /** max with -inf replaced by 0: the shift used before exp so that fully masked lanes give exp(-inf - 0) = 0, not NaN. */
    static FloatVector safeShift(FloatVector max) {
        return max.blend(0f, max.eq(Float.NEGATIVE_INFINITY));
    }
}
