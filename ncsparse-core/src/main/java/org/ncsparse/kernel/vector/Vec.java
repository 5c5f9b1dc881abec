package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
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

    /** e^x lane-wise for x &lt;= 0, bit-reproducible: see {@link ExactExp}. */
    static FloatVector exp(FloatVector x) { return ExactExp.exp(x); }

    /** max with -inf replaced by 0: the shift used before exp so that fully masked lanes give exp(-inf - 0) = 0, not NaN. */
    static FloatVector safeShift(FloatVector max) {
        return max.blend(0f, max.eq(Float.NEGATIVE_INFINITY));
    }
}
