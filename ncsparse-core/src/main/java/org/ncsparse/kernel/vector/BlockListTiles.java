package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;

import org.ncsparse.attention.AttentionRequest;

/**
 * Exact attention of query rows [r0, r1) over a list of key blocks only (block-sparse prefill),
 * reading the blocks where they lie in K and V (adjacent blocks as one key range): the flash-attention loop of {@link DenseTiles}
 * (same register-tiled products and online softmax), with the key blocks of the list in place of
 * every key block. No keys are copied, and each block's values only into the packed layout of the
 * P V product ({@link QueryTile#packValues}), so short lists cost what their keys cost. Causal
 * masking is by global key index; requests with a bias are not taken (the caller gathers those).
 */
public final class BlockListTiles {
    private BlockListTiles() {}

    /**
     * out rows [r0, r1) of {@code head} = softmax over the keys of blocks[0, count) (ascending, each
     * [b * blockSize, min(n, b * blockSize + blockSize)), restricted to the keys each row sees) times V.
     */
    public static void compute(AttentionRequest r, int head, int r0, int r1, int[] blocks, int count, int blockSize, float[] out) {
        if (r.bias() != null) throw new IllegalArgumentException("BlockListTiles takes requests without a bias");
        int d = r.d(), dv = r.dv(), n = r.n();
        float[] q = r.q(), k = r.k(), v = r.v();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv), vOff = r.valueOffset(kv);
        Scratch s = Scratch.get();
        int kb = TilePlan.KB;
        float[] qt = s.qt = Scratch.grow(s.qt, d * BR), st = s.st = Scratch.grow(s.st, kb * BR);
        float[] ot = s.ot = Scratch.grow(s.ot, dv * BR);
        float[] runMax = s.runMax = Scratch.grow(s.runMax, BR), runSum = s.runSum = Scratch.grow(s.runSum, BR);
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR);
        for (int t0 = r0; t0 < r1; t0 += BR) {
            int rows = Math.min(BR, r1 - t0);
            QueryTile.loadQueries(q, r.queryOffset(head, t0), d, rows, r.scale() * ExactExp.LOG2E, qt); // base-2 logits, as DenseTiles.softmaxStep takes them
            java.util.Arrays.fill(ot, 0, dv * BR, 0f);
            java.util.Arrays.fill(runMax, 0, BR, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(runSum, 0, BR, 0f);
            int jEnd = r.visible(t0 + rows - 1), jAll = r.visible(t0); // keys seen by the last / every row
            for (int t = 0, t1; t < count; t = t1) {
                for (t1 = t + 1; t1 < count && blocks[t1] == blocks[t1 - 1] + 1; t1++) ; // a run of adjacent blocks: one key range
                int from = blocks[t] * blockSize, to = Math.min(Math.min(n, blocks[t1 - 1] * blockSize + blockSize), jEnd);
                for (int j0 = from; j0 < to; j0 += kb) {
                    int len = Math.min(kb, to - j0);
                    java.util.Arrays.fill(bmax, 0, BR, Float.NEGATIVE_INFINITY);
                    QueryTile.scores(k, kOff + j0 * d, d, len, qt, st, bmax);
                    boolean masked = j0 + len > jAll;
                    if (masked) QueryTile.maskCausal(t0, r.causalOffset(), j0, len, st);
                    DenseTiles.softmaxStep(len, st, masked ? null : bmax, runMax, runSum, ot, dv);
                    QueryTile.accumulate(v, vOff + j0 * dv, dv, len, st, ot, s);
                }
            }
            for (int i = 0; i < rows; i++) {
                int o = r.outputOffset(head, t0 + i);
                float inv = 1f / runSum[i];
                for (int c = 0; c < dv; c++) out[o + c] = ot[c * BR + i] * inv;
            }
        }
    }
}
