package org.ncsparse.decode;

import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;

/**
 * The decode-specific operations (page and block scores, block bounds): F32 pages through the shared
 * transposed dot product, 16-bit pages through {@link HalfOps} (whose Vector API path,
 * {@link VectorHalfOps}, is only loaded when {@code jdk.incubator.vector} is there: {@link #VECTOR});
 * exp, axpy and the rest of a row are the shared {@link org.ncsparse.kernel.RowOps}.
 */
final class DecodeOps {
    private DecodeOps() {}

    static final boolean VECTOR = org.ncsparse.kernel.Simd.vectorized();

    /** Logits of page p of kv head kv (keys transposed [d][pageSize], any storage) into out[outOff..]; returns their max. */
    static float scorePage(float[] q, int qOff, PagedKvCache cache, int kv, int p, float scale, float[] out, int outOff) {
        return scoreKeys(q, qOff, cache, kv, p, 0, cache.pageLength(p), scale, out, outOff);
    }

    /** Logits of summary block b of kv head kv (a slice of one page) into out[0..blockLength); returns their max. */
    static float scoreBlock(float[] q, int qOff, PagedKvCache cache, int kv, int b, float scale, float[] out) {
        int first = b * cache.blockSize(), ps = cache.pageSize();
        return scoreKeys(q, qOff, cache, kv, first / ps, first % ps, cache.blockLength(b), scale, out, 0);
    }

    /** Logits of the len keys from slot s0 of page p into out[outOff..]; returns their max. */
    private static float scoreKeys(float[] q, int qOff, PagedKvCache cache, int kv, int p, int s0, int len, float scale, float[] out, int outOff) {
        int ps = cache.pageSize(), d = cache.d();
        KvStorage st = cache.storage();
        if (!st.half()) return org.ncsparse.kernel.TransposedDot.score(q, qOff, cache.keyPage(kv, p), s0, ps, len, d, scale, out, outOff);
        return HalfOps.score(q, qOff, cache.keyPageBits(kv, p), s0, ps, len, d, scale, out, outOff, st == KvStorage.BF16);
    }

    /**
     * Scaled upper bounds of every summary block of kv head kv: bounds[b] = scale * U_b(q), with
     * U_b(q) = sum_c max(q_c, 0) max_c + min(q_c, 0) min_c = sum_c max(q_c min_c, q_c max_c), the
     * largest q.k over the block's box; split[0..2d) is scratch for [q+ ; q-].
     */
    static void blockBounds(float[] q, int qOff, PagedKvCache cache, int kv, float scale, float[] split, float[] bounds) {
        int d = cache.d(), blocks = cache.blocks(), G = PagedKvCache.SUMMARY_GROUP;
        splitSigns(q, qOff, d, split, 0);
        for (int g = 0; g * G < blocks; g++)
            org.ncsparse.kernel.TransposedDot.score(split, 0, cache.blockSummary(kv, g), 0, G, Math.min(G, blocks - g * G), 2 * d, scale, bounds, g * G);
    }

    /**
     * {@link #blockBounds} for the {@code heads} query heads from q[qOff] on (one after the other) that
     * read kv head kv, summary group by summary group: each group of block summaries is read from
     * memory once and stays in cache for the other heads. bounds[h] gets head h's; split holds
     * heads x [q+ ; q-]. The same operations per head as {@link #blockBounds}, so the same bits.
     */
    static void blockBounds(float[] q, int qOff, int heads, PagedKvCache cache, int kv, float scale, float[] split, float[][] bounds) {
        int d = cache.d(), blocks = cache.blocks(), G = PagedKvCache.SUMMARY_GROUP;
        for (int h = 0; h < heads; h++) splitSigns(q, qOff + h * d, d, split, 2 * d * h);
        for (int g = 0; g * G < blocks; g++) {
            float[] summary = cache.blockSummary(kv, g);
            for (int h = 0; h < heads; h++)
                org.ncsparse.kernel.TransposedDot.score(split, 2 * d * h, summary, 0, G, Math.min(G, blocks - g * G), 2 * d, scale, bounds[h], g * G);
        }
    }

    /** split[at..] = [max(q, 0) ; min(q, 0)] of the d entries from q[qOff]. */
    private static void splitSigns(float[] q, int qOff, int d, float[] split, int at) {
        for (int c = 0; c < d; c++) { float x = q[qOff + c]; split[at + c] = Math.max(x, 0f); split[at + d + c] = Math.min(x, 0f); }
    }
}
