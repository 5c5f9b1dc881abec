package org.ncsparse.lab.llm;

import org.ncsparse.model.llm.DecodeOptions;

/**
 * The KV cache a decoder evaluation ran with, for its report: the element type (F32, or F16/BF16,
 * which round every key and value once and so change the results slightly) and the page size.
 */
public record KvCacheInfo(DecodeOptions.KvType type, int pageSize) {
    public KvCacheInfo {
        if (type == null) throw new IllegalArgumentException("type must not be null");
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1, got " + pageSize);
    }

    public static KvCacheInfo of(DecodeOptions options) { return new KvCacheInfo(options.kvType(), options.pageSize()); }

    /** "F16 in pages of 64 tokens". */
    public String describe() { return type + " in pages of " + pageSize + " tokens"; }
}
