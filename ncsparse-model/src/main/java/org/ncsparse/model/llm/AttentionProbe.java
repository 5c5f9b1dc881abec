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
}
