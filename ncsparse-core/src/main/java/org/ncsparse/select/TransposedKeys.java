package org.ncsparse.select;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.kernel.TransposedDot;

/**
 * The keys of one kv head re-laid as blocks of {@code blockSize} keys, each block transposed to
 * [d][blockSize], so a query's logits against a block are d broadcast FMAs across the block's keys.
 * O(n d) memory, built once per head.
 */
public final class TransposedKeys {
    private final float[] t;
    private final int n, d, bs;

    public TransposedKeys(AttentionRequest r, int kvHead, int blockSize) {
        n = r.n(); d = r.d(); bs = blockSize;
        int blocks = (n + bs - 1) / bs;
        t = new float[blocks * d * bs];
        float[] k = r.k();
        int kOff = r.keyOffset(kvHead);
        for (int j = 0; j < n; j++) {
            int base = (j / bs) * d * bs, s = j % bs;
            for (int c = 0; c < d; c++) t[base + c * bs + s] = k[kOff + j * d + c];
        }
    }

    /** logits[s] = scale * q . k_(block*blockSize + s) for s &lt; len; returns their maximum. */
    public float score(float[] q, int qOff, int block, int len, float scale, float[] logits) {
        return TransposedDot.score(q, qOff, t, block * d * bs, bs, len, d, scale, logits, 0);
    }
}
