package org.ncsparse.model.block;

/**
 * Which coordinates of a head vector RoPE rotates together. Both rotate pair i by angle p·θ_i,
 * θ_i = base^(−2i/d); they differ in where the pair lives.
 */
public enum RopeLayout {
    /** Hugging Face (and GGUF "neox" architectures such as qwen2): pair (i, i + d/2). */
    HALVES,
    /**
     * llama.cpp's GGUF llama layout: pair (2i, 2i + 1). Its converter permutes the rows of Q and K so
     * that this rotation on the stored rows equals {@link #HALVES} on the original ones.
     */
    INTERLEAVED
}
