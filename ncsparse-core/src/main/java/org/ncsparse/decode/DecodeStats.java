package org.ncsparse.decode;

/**
 * What one page-selected decode step did, per query head: keys scored, blocks scored, and whether
 * the kept set is certified to be the exact top-k (the scan stopped on the bound, not the budget).
 */
public final class DecodeStats {
    private final int[] scoredKeys, scoredBlocks, kept;
    private final boolean[] certified;

    public DecodeStats(int queryHeads) {
        scoredKeys = new int[queryHeads];
        scoredBlocks = new int[queryHeads];
        kept = new int[queryHeads];
        certified = new boolean[queryHeads];
    }

    void record(int head, int keys, int pages, int keptCount, boolean cert) {
        scoredKeys[head] = keys;
        scoredBlocks[head] = pages;
        kept[head] = keptCount;
        certified[head] = cert;
    }

    public int heads() { return kept.length; }
    public int scoredKeys(int head) { return scoredKeys[head]; }
    public int scoredBlocks(int head) { return scoredBlocks[head]; }
    public int kept(int head) { return kept[head]; }
    public boolean certified(int head) { return certified[head]; }

    /** Fraction of heads whose kept set is certified exact. */
    public double certifiedFraction() {
        int c = 0;
        for (boolean b : certified) if (b) c++;
        return (double) c / certified.length;
    }
}
