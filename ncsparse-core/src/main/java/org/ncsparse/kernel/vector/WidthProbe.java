package org.ncsparse.kernel.vector;

import jdk.incubator.vector.FloatVector;

/** Reports the CPU's preferred vector width to {@link org.ncsparse.kernel.Simd}, without initialising {@link Vec}. */
public final class WidthProbe {
    private WidthProbe() {}

    /** The CPU's preferred float vector width in bits (called reflectively). */
    public static int preferredBits() { return FloatVector.SPECIES_PREFERRED.vectorBitSize(); }
}
