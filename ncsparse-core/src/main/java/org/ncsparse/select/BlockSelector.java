package org.ncsparse.select;

import java.util.Arrays;
import org.ncsparse.attention.AttentionRequest;

/**
 * Chooses the key blocks a query block attends to (see {@link BlockSelection}). Scores come from
 * exact logits of a few sampled query rows: score(block) = max over sampled rows and the block's
 * visible keys of s q.k + bias; with a mass target, each sampled row's softmax mass per block
 * (estimated from the block maxima) adds the blocks covering that share of its mass, and rows whose covers disagree bring in more
 * sampled rows. One instance per worker; scratch is O(n + blocks).
 */
public final class BlockSelector {
    private final AttentionRequest r;
    private final BlockSelection options;
    private final int keyBlocks;
    private final float[] blockScore, logits, rowMass, sorted;
    private final float[][] rowBlockMax;
    private final int[] rowIndex, gridIndex;
    private final boolean[] chosen;
    private final int[] coverCount;
    private final RowSelector topBlocks;
    private final int[] scratch;

    public BlockSelector(AttentionRequest r, BlockSelection options) {
        this.r = r;
        this.options = options;
        keyBlocks = (r.n() + options.blockSize() - 1) / options.blockSize();
        blockScore = new float[keyBlocks];
        logits = new float[options.blockSize()];
        rowBlockMax = new float[Math.max(options.sampleRows(), options.maxSampleRows() / 2)][keyBlocks];
        rowIndex = new int[rowBlockMax.length];
        gridIndex = new int[rowBlockMax.length];
        rowMass = new float[keyBlocks];
        sorted = new float[keyBlocks];
        chosen = new boolean[keyBlocks];
        coverCount = new int[keyBlocks];
        topBlocks = new RowSelector(keyBlocks);
        scratch = new int[keyBlocks];
    }

    public int keyBlocks() { return keyBlocks; }

    /**
     * Rows per query block whose block maxima {@link #select(int, int, int, TransposedKeys, int[], float[], int)}
     * may read: sampleRows times the smallest power of two reaching maxSampleRows, so every round's
     * rows (evenly spaced, then midway between those already scored) are points of one grid.
     */
    public static int gridSize(BlockSelection o) {
        int m = o.sampleRows();
        while (m < o.maxSampleRows()) m *= 2;
        return m;
    }

    /** Row g of the grid of a query block [r0, r1) with {@code grid} points: r1 - 1 - floor(g (r1 - r0) / grid). */
    public static int gridRow(int r0, int r1, int g, int grid) {
        return r1 - 1 - (int) ((long) g * (r1 - r0) / grid);
    }

    /**
     * Writes the chosen key blocks of query rows [r0, r1) of {@code head} into {@code blocks},
     * ascending, and returns their count. Only blocks holding at least one key visible to some row
     * of the query block are candidates.
     */
    public int select(int head, int r0, int r1, TransposedKeys keys, int[] blocks) {
        return select(head, r0, r1, keys, blocks, null, 0);
    }

    /**
     * As above; when {@code gridMax} is not null and the block has at least {@link #gridSize} rows,
     * the sampled rows' block maxima are read from it (row g of the grid at gridMax[gridOff + g *
     * keyBlocks()], e.g. from a tiled pass over all query blocks' grid rows) instead of being scored here.
     */
    public int select(int head, int r0, int r1, TransposedKeys keys, int[] blocks, float[] gridMax, int gridOff) {
        int bs = options.blockSize();
        int visibleKeys = r.visible(r1 - 1); // the last row sees the most keys
        int visibleBlocks = (visibleKeys + bs - 1) / bs;
        Arrays.fill(blockScore, 0, visibleBlocks, Float.NEGATIVE_INFINITY);
        Arrays.fill(chosen, 0, visibleBlocks, false);
        boolean cover = options.massTarget() > 0;
        if (cover) Arrays.fill(coverCount, 0, visibleBlocks, 0);
        int rows = r1 - r0, samples = Math.min(options.sampleRows(), rows), scored = 0, grid = gridSize(options);
        boolean fromGrid = gridMax != null && rows >= grid;
        // round 1: evenly spaced rows, always including the last (it sees the most keys); later rounds
        // (only while the rows' mass covers disagree) take the rows midway between those already scored
        for (int round = 0; ; round++) {
            int count = round == 0 ? samples : scored;
            for (int t = 0; t < count; t++) {
                rowIndex[t] = round == 0 ? r1 - 1 - (int) ((long) t * rows / samples) : r1 - 1 - (int) ((2L * t + 1) * rows / (2L * scored));
                if (fromGrid) gridIndex[t] = round == 0 ? t * (grid / samples) : (2 * t + 1) * (grid / (2 * scored)); // the same rows
            }
            if (fromGrid) readRows(gridMax, gridOff, count, visibleBlocks);
            else scoreRows(head, rowIndex, count, keys, visibleBlocks);
            if (cover) coverRows(count);
            scored += count;
            if (!cover || scored * 2 > Math.min(options.maxSampleRows(), rows) || !coversDisagree(scored, visibleBlocks)) break;
        }
        for (int b = 0; b < Math.min(options.sinkBlocks(), visibleBlocks); b++) chosen[b] = true;
        for (int b = Math.max(0, visibleBlocks - options.localBlocks()); b < visibleBlocks; b++) chosen[b] = true;
        int top = topBlocks.topK(blockScore, visibleBlocks, options.blockBudget().k(visibleBlocks), scratch);
        for (int t = 0; t < top; t++) chosen[scratch[t]] = true;
        int count = 0;
        for (int b = 0; b < visibleBlocks; b++) if (chosen[b] || (cover && coverCount[b] > 0)) blocks[count++] = b;
        return count;
    }

    /** Some block is in the mass cover of some sampled rows but not of all. */
    private boolean coversDisagree(int scored, int visibleBlocks) {
        for (int b = 0; b < visibleBlocks; b++) if (coverCount[b] > 0 && coverCount[b] < scored) return true;
        return false;
    }

    /**
     * Exact logits of the rows {@code rowIndex[0, count)} against every key they see, key block by key
     * block (each block's keys are read once for all the rows, not once per row): block maxima into
     * rowBlockMax and blockScore.
     */
    private void scoreRows(int head, int[] rowIndex, int count, TransposedKeys keys, int visibleBlocks) {
        int bs = options.blockSize();
        for (int b = 0; b < visibleBlocks; b++) {
            for (int t = 0; t < count; t++) {
                int i = rowIndex[t], vis = r.visible(i), len = Math.min(bs, vis - b * bs);
                if (len <= 0) { rowBlockMax[t][b] = Float.NEGATIVE_INFINITY; continue; }
                float max = keys.score(r.q(), r.queryOffset(head, i), b, len, r.scale(), logits);
                int bOff = r.biasOffset(head, i);
                if (bOff >= 0) {
                    max = Float.NEGATIVE_INFINITY;
                    for (int s = 0; s < len; s++) max = Math.max(max, logits[s] + r.bias()[bOff + b * bs + s]);
                }
                blockScore[b] = Math.max(blockScore[b], max);
                rowBlockMax[t][b] = max;
            }
        }
    }

    /** The block maxima of the grid rows gridIndex[0, count), as {@link #scoreRows} would compute them. */
    private void readRows(float[] gridMax, int gridOff, int count, int visibleBlocks) {
        for (int t = 0; t < count; t++) {
            int at = gridOff + gridIndex[t] * keyBlocks;
            for (int b = 0; b < visibleBlocks; b++) {
                float max = gridMax[at + b];
                rowBlockMax[t][b] = max;
                blockScore[b] = Math.max(blockScore[b], max);
            }
        }
    }

    /**
     * Each sampled row's τ-mass cover into coverCount. A block's mass is taken as its largest term
     * e^(max_b - row max) — a lower bound within a factor of the block size, and the dominant term
     * when logits are spread (σ ≫ 1), which is when block-sparse pays — so no per-key exponential is needed.
     */
    private void coverRows(int count) {
        int bs = options.blockSize();
        for (int t = 0; t < count; t++) {
            float[] m = rowBlockMax[t];
            int blocksSeen = (r.visible(rowIndex[t]) + bs - 1) / bs;
            float rowMax = Float.NEGATIVE_INFINITY;
            for (int b = 0; b < blocksSeen; b++) rowMax = Math.max(rowMax, m[b]);
            if (rowMax == Float.NEGATIVE_INFINITY) continue;
            double total = 0;
            for (int b = 0; b < blocksSeen; b++) {
                float mass = m[b] - rowMax < -88f ? 0f : (float) Math.exp(m[b] - rowMax);
                rowMass[b] = mass;
                total += mass;
            }
            // the fewest blocks holding massTarget of the row's (estimated) mass: all blocks with mass >= the threshold mass
            System.arraycopy(rowMass, 0, sorted, 0, blocksSeen);
            Arrays.sort(sorted, 0, blocksSeen);
            double need = options.massTarget() * total, acc = 0;
            float threshold = sorted[blocksSeen - 1];
            for (int k = blocksSeen - 1; k >= 0 && acc < need; k--) { acc += sorted[k]; threshold = sorted[k]; }
            for (int b = 0; b < blocksSeen; b++) if (rowMass[b] >= threshold && rowMass[b] > 0) coverCount[b]++;
        }
    }
}
