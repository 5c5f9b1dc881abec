package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.Simd;

/**
 * The float species every vector path of every module uses, fixed at class load so the JIT can
 * constant-fold it. The width is decided by {@link Simd} (system property {@code ncsparse.vector.bits});
 * callers check {@link Simd#vectorized()} before touching this class.
 */
public final class Vec {
    private Vec() {}

    /** The species of the width {@link Simd} chose (the preferred one if Simd chose plain Java). */
    public static final VectorSpecies<Float> S = species(Simd.vectorBits());
    /** Lanes per vector: 16 floats at 512 bits. */
    public static final int L = S.length();
    /** The int species with the same lane count (key indices and counters beside float lanes). */
    @SuppressWarnings("unchecked")
    static final VectorSpecies<Integer> SI = (VectorSpecies<Integer>) S.withLanes(int.class);

    private static VectorSpecies<Float> species(int bits) {
        return switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> FloatVector.SPECIES_PREFERRED;
        };
    }

    // No static final vector constants: C2 does not keep them in registers (measured: 6 vs 106
    // GFLOP/s in the Q.K^T micro-kernel); vectors are built inline instead. No small helpers taking
    // or returning vectors in hot loops either: C2 does not always inline them (it gives up in large
    // callers, depending on the profile), and a real call boxes every vector it passes — one such
    // helper in ExactExp made whole runs 1.6x slower now and then.

    static FloatVector negInf() { return FloatVector.broadcast(S, Float.NEGATIVE_INFINITY); }


    /**
     * Sum of the lanes in a fixed order: the two halves added lane-wise down to 4 lanes (512 -> 256 ->
     * 128 bits), then (l0 + l1) + (l2 + l3). {@code reduceLanes(ADD)} leaves the order open, and C2's
     * order differs from the interpreter's, so a row computed before and after warm-up (or on another
     * thread) got different last bits; every step here is an exact IEEE operation in both.
     */
    public static float sumLanes(FloatVector v) {
        FloatVector w = v;
        if (L == 16) w = ((FloatVector) w.reinterpretShape(FloatVector.SPECIES_256, 0)).add((FloatVector) w.reinterpretShape(FloatVector.SPECIES_256, 1));
        if (L >= 8) w = ((FloatVector) w.reinterpretShape(FloatVector.SPECIES_128, 0)).add((FloatVector) w.reinterpretShape(FloatVector.SPECIES_128, 1));
        return (w.lane(0) + w.lane(1)) + (w.lane(2) + w.lane(3));
    }

    /** max with -inf replaced by 0: the shift used before exp so that fully masked lanes give exp(-inf - 0) = 0, not NaN. */
    static FloatVector safeShift(FloatVector max) {
        return max.blend(0f, max.eq(Float.NEGATIVE_INFINITY));
    }
}
