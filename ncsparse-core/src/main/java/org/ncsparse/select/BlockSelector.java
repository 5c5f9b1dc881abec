package org.ncsparse.select;

import org.ncsparse.attention.AttentionRequest;

/**
 * Chooses the key blocks a query block attends to (see {@link BlockSelection}). Scores come from
 * exact logits of a few sampled query rows: score(block) = max over sampled rows and the block's
 * visible keys of s q.k + bias. One instance per worker; scratch is O(n + blocks).
 */
public final class BlockSelector {
    private final AttentionRequest r;
    private final BlockSelection options;
    private final int keyBlocks;
    private final float[] blockScore, logits;
    private final boolean[] chosen;
    private final RowSelector topBlocks;
    private final int[] scratch;

    public BlockSelector(AttentionRequest r, BlockSelection options) {
        this.r = r;
        this.options = options;
        keyBlocks = (r.n() + options.blockSize() - 1) / options.blockSize();
        blockScore = new float[keyBlocks];
        logits = new float[options.blockSize()];
        chosen = new boolean[keyBlocks];
        topBlocks = new RowSelector(keyBlocks);
        scratch = new int[keyBlocks];
    }

    public int keyBlocks() { return keyBlocks; }

    /**
     * Writes the chosen key blocks of query rows [r0, r1) of {@code head} into {@code blocks},
     * ascending, and returns their count. Only blocks holding at least one key visible to some row
     * of the query block are candidates.
     */
    public int select(int head, int r0, int r1, TransposedKeys keys, int[] blocks) {
        int bs = options.blockSize();
        int visibleKeys = r.visible(r1 - 1); // the last row sees the most keys
        int visibleBlocks = (visibleKeys + bs - 1) / bs;
        java.util.Arrays.fill(blockScore, 0, visibleBlocks, Float.NEGATIVE_INFINITY);
        int samples = Math.min(options.sampleRows(), r1 - r0);
        for (int t = 0; t < samples; t++) {
            // evenly spaced, always including the last row (it sees the most keys)
            int i = r1 - 1 - (int) ((long) t * (r1 - r0) / samples);
            int vis = r.visible(i), bOff = r.biasOffset(head, i), qOff = r.queryOffset(head, i);
            for (int b = 0; b * bs < vis; b++) {
                int len = Math.min(bs, vis - b * bs);
                float max = keys.score(r.q(), qOff, b, len, r.scale(), logits);
                if (bOff >= 0) {
                    max = Float.NEGATIVE_INFINITY;
                    for (int s = 0; s < len; s++) max = Math.max(max, logits[s] + r.bias()[bOff + b * bs + s]);
                }
                blockScore[b] = Math.max(blockScore[b], max);
            }
        }
        java.util.Arrays.fill(chosen, 0, visibleBlocks, false);
        for (int b = 0; b < Math.min(options.sinkBlocks(), visibleBlocks); b++) chosen[b] = true;
        for (int b = Math.max(0, visibleBlocks - options.localBlocks()); b < visibleBlocks; b++) chosen[b] = true;
        int top = topBlocks.topK(blockScore, visibleBlocks, options.blockBudget().k(visibleBlocks), scratch);
        for (int t = 0; t < top; t++) chosen[scratch[t]] = true;
        int count = 0;
        for (int b = 0; b < visibleBlocks; b++) if (chosen[b]) blocks[count++] = b;
        return count;
    }
}
