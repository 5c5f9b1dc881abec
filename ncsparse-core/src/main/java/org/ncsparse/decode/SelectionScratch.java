package org.ncsparse.decode;

/** One worker's buffers for page selection, grown on demand and reused: no allocation per decode step once warm. */
final class SelectionScratch {
    private static final ThreadLocal<SelectionScratch> LOCAL = ThreadLocal.withInitial(SelectionScratch::new);

    final BoundHeap order = new BoundHeap();
    private float[] bounds = new float[0], split = new float[0], blockLogits = new float[0], acc = new float[0], groupSplit = new float[0];
    private float[][] groupBounds = new float[0][];
    private TopKHeap best = new TopKHeap(0);
    private int bestCapacity;

    static SelectionScratch get() { return LOCAL.get(); }

    /** Block bounds for {@code blocks} blocks. */
    float[] bounds(int blocks) {
        if (bounds.length < blocks) bounds = new float[Math.max(blocks, 2 * bounds.length)];
        return bounds;
    }

    /** [q+ ; q-] for a head of dimension d. */
    float[] split(int d) { return split.length >= 2 * d ? split : (split = new float[2 * d]); }

    /** Block bounds of {@code heads} heads, {@code blocks} blocks each. */
    float[][] groupBounds(int heads, int blocks) { return groupBounds = ScratchRows.ensure(groupBounds, heads, blocks); }

    /** [q+ ; q-] of {@code heads} heads of dimension d, one after the other. */
    float[] groupSplit(int heads, int d) { return groupSplit.length >= 2 * d * heads ? groupSplit : (groupSplit = new float[2 * d * heads]); }

    /** Logits of one block. */
    float[] blockLogits(int blockSize) { return blockLogits.length >= blockSize ? blockLogits : (blockLogits = new float[blockSize]); }

    /** The output accumulator, zeroed. */
    float[] acc(int dv) {
        if (acc.length < dv) acc = new float[dv];
        java.util.Arrays.fill(acc, 0, dv, 0f);
        return acc;
    }

    /** An empty size-k heap. */
    TopKHeap best(int k) {
        if (bestCapacity < k) { bestCapacity = Math.max(k, 2 * bestCapacity); best = new TopKHeap(bestCapacity); }
        best.reset(k);
        return best;
    }
}
