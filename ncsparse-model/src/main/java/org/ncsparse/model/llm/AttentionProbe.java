package org.ncsparse.model.llm;

/**
 * Sees the exact attention logits of decode steps (for profiling along a generation). Called for
 * every layer and query head of each decode step while installed, from one thread at a time.
 */
@FunctionalInterface
public interface AttentionProbe {
    /**
     * @param layer    layer index
     * @param head     query head index
     * @param position position of the query token (0-based; the row sees keys 0..position)
     * @param logits   scaled logits q·k_j·scale of keys j in [0, n); read only, valid during the call
     * @param n        number of keys (= position + 1)
     */
    void onRow(int layer, int head, int position, float[] logits, int n);

    /**
     * The keys a sparse decode step (top-k or page-selected) actually used for this query head, called
     * right after {@link #onRow} of the same (layer, head, position). Not called for exact attention.
     *
     * @param kept  key positions, ascending, in kept[0..count); read only, valid during the call
     * @param count number of kept keys
     */
    default void onKept(int layer, int head, int position, int[] kept, int count) {}

    /**
     * Whether the probe wants the current step; when false the session skips it entirely (no exact
     * logits, no kept sets), so a probe installed for a whole session can stay out of timed steps.
     */
    default boolean active() { return true; }
}
