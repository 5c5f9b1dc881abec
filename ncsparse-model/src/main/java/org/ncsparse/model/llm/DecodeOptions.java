package org.ncsparse.model.llm;

/**
 * Options of one decoding session.
 *
 * @param attention  exact or a sparse budget, and the selector
 * @param threads    threads of the shared pool for matmuls and heads (≥ 1)
 * @param maxContext largest number of tokens the session may hold (bounds the KV cache)
 * @param pageSize   tokens per KV-cache page (the page selector's granularity)
 * @param kvType     element type of the cached keys and values: F32 (as computed), or F16 / BF16 (rounded
 *                   to 16 bits on append: half the cache memory; attention then runs in float32 on the
 *                   rounded keys and values; F16 refuses keys or values beyond ±65504)
 * @param probe      sees exact logits of every decode step, or null
 */
public record DecodeOptions(AttentionMode attention, int threads, int maxContext, int pageSize, KvType kvType, AttentionProbe probe) {
    public enum KvType { F32, F16, BF16 }

    public DecodeOptions {
        if (attention == null) throw new IllegalArgumentException("attention must not be null");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (maxContext < 1) throw new IllegalArgumentException("maxContext must be >= 1, got " + maxContext);
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
        if (kvType == null) throw new IllegalArgumentException("kvType must not be null");
    }

    public static DecodeOptions exact(int maxContext) {
        return new DecodeOptions(AttentionMode.EXACT, 1, maxContext, 64, KvType.F32, null);
    }

    public DecodeOptions withAttention(AttentionMode a) { return new DecodeOptions(a, threads, maxContext, pageSize, kvType, probe); }
    public DecodeOptions withThreads(int t) { return new DecodeOptions(attention, t, maxContext, pageSize, kvType, probe); }
    public DecodeOptions withKvType(KvType k) { return new DecodeOptions(attention, threads, maxContext, pageSize, k, probe); }
    public DecodeOptions withProbe(AttentionProbe p) { return new DecodeOptions(attention, threads, maxContext, pageSize, kvType, p); }
}
