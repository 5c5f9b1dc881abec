package org.ncsparse.decode;

/**
 * How page selection chooses what to score. The unit is the cache's summary block
 * ({@link org.ncsparse.cache.PagedKvCache#blockSize()}, at most 16 tokens, whatever the page size).
 * The first {@code sinkTokens} and the last {@code recentTokens} tokens are always scored (the
 * attention sink and the local window, which trained heads use and which set a high k-th best
 * logit early). The other blocks are visited in decreasing order of their logit upper bound; the
 * scan stops as soon as the k-th best logit found is at least the next block's bound (then the kept
 * set is provably the exact top-k: "certified"), or when {@code oversample * k} keys (at least
 * {@code minBlocks} blocks) beyond the always-scored ones have been scored (the cap; the row is then
 * not certified).
 *
 * @param oversample   keys scored per kept key at most (besides sink and recent), &ge; 1
 * @param minBlocks    blocks always scored in bound order, &ge; 1
 * @param sinkTokens   leading tokens always scored, &ge; 0
 * @param recentTokens trailing tokens always scored, &ge; 0
 */
public record PageSelection(double oversample, int minBlocks, int sinkTokens, int recentTokens) {
    public PageSelection {
        if (!(oversample >= 1) || Double.isInfinite(oversample))
            throw new IllegalArgumentException("oversample must be a finite number >= 1, got " + oversample);
        if (minBlocks < 1) throw new IllegalArgumentException("minBlocks must be >= 1, got " + minBlocks);
        if (sinkTokens < 0) throw new IllegalArgumentException("sinkTokens must be >= 0, got " + sinkTokens);
        if (recentTokens < 0) throw new IllegalArgumentException("recentTokens must be >= 0, got " + recentTokens);
    }

    /** Bound order only: no always-scored sink or recent tokens. */
    public PageSelection(double oversample, int minBlocks) { this(oversample, minBlocks, 0, 0); }

    /**
     * Scan at most 4k keys in bound order (at least 2 blocks), besides the first 16 and the last 32
     * tokens, always scored (measured on a trained decoder and on synthetic caches: docs/DECODE.md).
     */
    public static PageSelection defaults() { return DEFAULT; }

    private static final PageSelection DEFAULT = new PageSelection(4, 2, 16, 32);
}
