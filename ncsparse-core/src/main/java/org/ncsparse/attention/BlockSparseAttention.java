package org.ncsparse.attention;

import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.kernel.Simd;
import org.ncsparse.kernel.vector.BlockListTiles;
import org.ncsparse.kernel.vector.SampledRowTiles;
import org.ncsparse.select.BlockSelection;
import org.ncsparse.select.BlockSelector;
import org.ncsparse.select.TransposedKeys;

/**
 * Block-sparse prefill: for every (head, query block) a {@link BlockSelector} picks key blocks
 * (sinks, local blocks, and the blocks with the highest sampled logits or holding the sampled rows'
 * mass) and the block's rows attend to them exactly. With the SIMD kernel and no bias, the sampled
 * rows of many query blocks are scored together as query tiles ({@link SampledRowTiles}) and the
 * rows attend to the chosen blocks where they lie in K and V ({@link BlockListTiles}); otherwise
 * (plain Java, a bias, or a kernel named in the request) the selected keys and values are gathered
 * and attended with the request's kernel (causal masking and bias carried over). Skipped blocks cost
 * nothing beyond the sampled rows' scores, so the speed-up is about (visible blocks) / (selected
 * blocks); the approximation error is what the skipped blocks' mass was — measure it (e.g.
 * {@code ncsparse blocksparse}), it is not bounded a priori. Memory: O(n d) for the transposed keys,
 * the sampled rows' block maxima (at most 64 MB at a time), plus, on the gathering path,
 * O(selected keys x (d + dv + block)) per worker.
 */
public final class BlockSparseAttention {
    private BlockSparseAttention() {}

    /** Per-call totals: keys attended vs keys visible, summed over rows. */
    public record Stats(long attendedKeys, long visibleKeys) {
        public double keptFraction() { return (double) attendedKeys / visibleKeys; }
    }

    public static float[] compute(AttentionRequest r, BlockSelection selection) {
        if (r == null) throw new IllegalArgumentException("request must not be null");
        float[] out = new float[r.outputLength()];
        compute(r, selection, out);
        return out;
    }

    public static Stats compute(AttentionRequest r, BlockSelection selection, float[] out) {
        if (r == null) throw new IllegalArgumentException("request must not be null");
        if (selection == null) throw new IllegalArgumentException("selection must not be null");
        if (r.budget() != null)
            throw new IllegalArgumentException("request budget must be null: block-sparse prefill selects blocks itself (got " + r.budget().spec() + ")");
        if (out == null || out.length != r.outputLength())
            throw new IllegalArgumentException("out must have queryHeads*m*dv = " + r.outputLength() + " elements, got " + (out == null ? "null" : out.length));
        int bs = selection.blockSize(), qBlocks = (r.m() + bs - 1) / bs;
        TransposedKeys[] keys = new TransposedKeys[r.kvHeads()];
        for (int kv = 0; kv < keys.length; kv++) keys[kv] = new TransposedKeys(r, kv, bs);
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(r, selection));
        long[] attended = new long[r.queryHeads() * qBlocks], visible = new long[attended.length];
        // sampled rows scored as tiles over many query blocks at once (SIMD, no bias), chunk by chunk
        boolean tiled = Simd.vectorized() && r.bias() == null;
        int grid = BlockSelector.gridSize(selection), keyBlocks = (r.n() + bs - 1) / bs;
        int chunk = tiled ? Math.max(1, Math.min(qBlocks, GRID_FLOATS / (grid * keyBlocks))) : qBlocks;
        float[] gridMax = tiled ? new float[chunk * grid * keyBlocks] : null;
        for (int head = 0; head < r.queryHeads(); head++) {
            int h = head;
            for (int q0 = 0; q0 < qBlocks; q0 += chunk) {
                int qb0 = q0, qb1 = Math.min(qBlocks, q0 + chunk);
                if (tiled) scoreGrid(r, h, qb0, qb1, bs, grid, keyBlocks, gridMax);
                ParallelRunner.forEach(qb1 - qb0, r.threads(), t -> {
                    int qb = qb0 + t, r0 = qb * bs, r1 = Math.min(r.m(), r0 + bs);
                    workers.get().run(h, r0, r1, keys[r.kvHeadOf(h)], out, attended, visible, h * qBlocks + qb,
                            gridMax, t * grid * keyBlocks);
                });
            }
        }
        long a = 0, v = 0;
        for (int t = 0; t < attended.length; t++) { a += attended[t]; v += visible[t]; }
        return new Stats(a, v);
    }

    /** Grid maxima buffered per chunk of query blocks: at most this many floats (64 MB). */
    private static final int GRID_FLOATS = 16 << 20;

    /**
     * Block maxima of every grid row ({@link BlockSelector#gridRow}) of query blocks [qb0, qb1) of
     * {@code head} into gridMax ([block - qb0][grid row][key block], -inf where the row sees no key),
     * the rows packed as query tiles and the tiles spread over the threads.
     */
    private static void scoreGrid(AttentionRequest r, int head, int qb0, int qb1, int bs, int grid, int keyBlocks, float[] gridMax) {
        int count = (qb1 - qb0) * grid;
        int[] rows = new int[count];
        for (int qb = qb0; qb < qb1; qb++) {
            int r0 = qb * bs, r1 = Math.min(r.m(), r0 + bs);
            for (int g = 0; g < grid; g++) rows[(qb - qb0) * grid + g] = BlockSelector.gridRow(r0, r1, g, grid);
        }
        java.util.Arrays.fill(gridMax, 0, count * keyBlocks, Float.NEGATIVE_INFINITY);
        int tile = SampledRowTiles.TILE_ROWS, tiles = (count + tile - 1) / tile;
        ParallelRunner.forEach(tiles, r.threads(), t -> {
            int from = t * tile;
            SampledRowTiles.blockMaxima(r, head, rows, from, Math.min(tile, count - from), bs, gridMax, keyBlocks);
        });
    }

    /** Per-thread selector and the gather-then-attend step for one query block. */
    private static final class Worker {
        private final AttentionRequest r;
        private final BlockSelector selector;
        private final int bs;
        private final int[] blocks;
        private final boolean inPlace;

        Worker(AttentionRequest r, BlockSelection selection) {
            this.r = r;
            this.selector = new BlockSelector(r, selection);
            this.bs = selection.blockSize();
            this.blocks = new int[selector.keyBlocks()];
            this.inPlace = Simd.vectorized() && r.bias() == null
                    && (r.kernel() == null || r.kernel() == org.ncsparse.kernel.KernelProvider.best());
        }

        void run(int head, int r0, int r1, TransposedKeys keysT, float[] out, long[] attended, long[] visible, int task,
                 float[] gridMax, int gridOff) {
            int d = r.d(), dv = r.dv(), rows = r1 - r0, kv = r.kvHeadOf(head);
            int count = selector.select(head, r0, r1, keysT, blocks, gridMax, gridOff);
            if (inPlace) { // SIMD kernel, no bias: attend to the blocks where they lie
                long seen = 0, used = 0;
                for (int i = r0; i < r1; i++) {
                    int vis = r.visible(i);
                    seen += vis;
                    for (int t = 0; t < count; t++) used += Math.max(0, Math.min(bs, vis - blocks[t] * bs));
                }
                BlockListTiles.compute(r, head, r0, r1, blocks, count, bs, out);
                attended[task] = used;
                visible[task] = seen;
                return;
            }
            int lastVisible = r.visible(r1 - 1), nk = 0;
            for (int t = 0; t < count; t++) nk += Math.min(bs, lastVisible - blocks[t] * bs);
            // gather the selected keys and values (exact-size arrays: they become the sub-request)
            int[] keyIndex = new int[nk];
            float[] ks = new float[nk * d], vs = new float[nk * dv];
            int kOff = r.keyOffset(kv), vOff = r.valueOffset(kv), g = 0;
            for (int t = 0; t < count; t++) {
                for (int j = blocks[t] * bs, end = Math.min(lastVisible, j + bs); j < end; j++, g++) {
                    keyIndex[g] = j;
                    System.arraycopy(r.k(), kOff + j * d, ks, g * d, d);
                    System.arraycopy(r.v(), vOff + j * dv, vs, g * dv, dv);
                }
            }
            float[] qs = java.util.Arrays.copyOfRange(r.q(), r.queryOffset(head, r0), r.queryOffset(head, r0) + rows * d);
            // row i sees the gathered keys [0, c_i) (ascending order): c_i = #gathered keys below visible(i)
            long seen = 0, used = 0;
            boolean staircase = r.bias() == null;
            int c0 = 0;
            for (int i = r0, c = 0; i < r1; i++) {
                int vis = r.visible(i);
                while (c < nk && keyIndex[c] < vis) c++;
                seen += vis;
                used += c;
                if (i == r0) c0 = c;
                else staircase &= c == Math.min(nk, c0 + (i - r0));
            }
            AttentionRequest.Builder sub = AttentionRequest.builder().query(qs, 1, rows, d).keys(ks, 1, nk).values(vs, dv)
                    .scale(r.scale()).kernel(r.kernel()).nonFinite(NonFinitePolicy.PROPAGATE);
            if (!r.causal() && r.bias() == null) {
                // every row sees every gathered key
            } else if (staircase && c0 >= 1) {
                sub.causalOffset(c0 - 1); // causal within the gathered keys: row t sees c0 + t of them, no bias needed
            } else {
                // general case: carry the causal mask and the bias over to the gathered key order
                float[] bias = new float[rows * nk];
                for (int i = r0; i < r1; i++) {
                    int vis = r.visible(i), bOff = r.biasOffset(head, i);
                    for (int t = 0; t < nk; t++) {
                        int j = keyIndex[t];
                        bias[(i - r0) * nk + t] = j >= vis ? Float.NEGATIVE_INFINITY : bOff < 0 ? 0f : r.bias()[bOff + j];
                    }
                }
                sub.bias(bias);
            }
            float[] o = Attention.compute(sub.build());
            System.arraycopy(o, 0, out, r.outputOffset(head, r0), rows * dv);
            attended[task] = used;
            visible[task] = seen;
        }
    }
}
