package org.ncsparse.model.gguf;

import org.ncsparse.model.tensor.TensorType;

/**
 * ggml tensor type ids as GGUF stores them. Only the ones with a {@link TensorType} can be read;
 * the others are named so that a refusal says which quantisation a file uses.
 */
final class GgmlType {
    private GgmlType() {}

    private static final String[] NAMES = {
        "F32", "F16", "Q4_0", "Q4_1", "Q4_2 (removed)", "Q4_3 (removed)", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
        "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S",
        "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16",
        "Q4_0_4_4 (removed)", "Q4_0_4_8 (removed)", "Q4_0_8_8 (removed)", "TQ1_0", "TQ2_0",
        "IQ4_NL_4_4 (removed)", "IQ4_NL_4_8 (removed)", "IQ4_NL_8_8 (removed)", "MXFP4",
    };

    /** The readable type of id, or null. */
    static TensorType tensorType(long id) {
        if (id == 0) return TensorType.F32;
        if (id == 1) return TensorType.F16;
        if (id == 2) return TensorType.Q4_0;
        if (id == 8) return TensorType.Q8_0;
        if (id == 30) return TensorType.BF16;
        return null;
    }

    static int id(TensorType t) {
        return switch (t) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 8;
            case BF16 -> 30;
        };
    }

    /** "Q4_K (id 12)" or "unknown (id 99)". */
    static String describe(long id) {
        return (id >= 0 && id < NAMES.length ? NAMES[(int) id] : "unknown") + " (id " + Long.toUnsignedString(id) + ")";
    }
}
