package org.ncsparse.model.llm;

/**
 * One sequence being decoded: a KV cache (NcSparse's paged cache) plus the model. Not thread-safe;
 * use one session per sequence.
 */
public interface DecoderSession extends AutoCloseable {
    /**
     * Appends {@code ids} (prefill in row blocks) and returns the logits after the last one. When
     * {@code sink} is non-null it receives the logits after every appended position.
     */
    float[] prefill(int[] ids, LogitsSink sink);

    /** Appends one token and returns the next-token logits [vocab]. */
    float[] step(int id);

    /** Tokens in the cache. */
    int length();

    /**
     * Drops every cached token from position {@code length} on (0 ≤ length ≤ {@link #length()}), so the
     * next token goes to position {@code length}: a decode step can be undone, or a prefilled context
     * reused. Sessions that do not support it throw UnsupportedOperationException.
     */
    default void truncate(int length) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot truncate its cache");
    }

    /**
     * A session over this session's KV cache — the same cache, not a copy — that decodes with other
     * options (attention mode, probe, threads; the page size and KV type must be this session's).
     * Tokens appended through either session are seen by both, and {@link #truncate} through either
     * returns both to a common prefix: a context prefilled once can then be decoded under several
     * attention modes. Sessions that do not support it throw UnsupportedOperationException.
     */
    default DecoderSession sharingCache(DecodeOptions options) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot share its cache");
    }

    /** Timings and selector statistics so far (attention share, recall of the page selector, …). */
    SessionStats stats();

    @Override default void close() {}
}
