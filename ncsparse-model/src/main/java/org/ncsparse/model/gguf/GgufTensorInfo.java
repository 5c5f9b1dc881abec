package org.ncsparse.model.gguf;

import org.ncsparse.model.tensor.TensorType;

/**
 * One tensor as a GGUF file describes it: ggml dims {@code ne} (innermost first, as stored), type,
 * and the offset of its data from the start of the data section.
 */
public record GgufTensorInfo(String name, TensorType type, long[] ne, long offset, long bytes) {
    /** Shape outermost first (ne reversed). */
    public long[] shape() {
        long[] s = new long[ne.length];
        for (int i = 0; i < ne.length; i++) s[i] = ne[ne.length - 1 - i];
        return s;
    }

    @Override public long[] ne() { return ne.clone(); }
}
