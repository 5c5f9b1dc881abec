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

    /** Timings and selector statistics so far (attention share, recall of the page selector, …). */
    SessionStats stats();

    @Override default void close() {}
}
