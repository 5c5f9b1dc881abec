package org.ncsparse.model.llama;

import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.NonFinitePolicy;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.cache.PagedKvCache;

/**
 * Causal attention of a block of m new rows (positions p0 .. p0+m−1, already appended to the cache)
 * over all n = p0 + m cached keys, through the core's {@link Attention}: row i sees keys 0 .. p0+i,
 * and a budget, if any, is applied per row with n = its visible keys. The core takes dense
 * K [kvHeads][n][hd] and V [kvHeads][n][hd], so they are copied out of the paged cache (an O(n·d)
 * copy per block against the O(m·n·d) attention it feeds).
 */
final class PrefillAttention {
    private PrefillAttention() {}

    /**
     * @param caches one cache per kv head (d = dv = hd), holding n = p0 + m tokens
     * @param q      queries, row-major (m, heads·hd), already rotated
     * @param out    attention output (m, heads·hd)
     */
    static void run(PagedKvCache[] caches, float[] q, int m, int heads, int hd, int p0, float scale, BudgetPolicy budget,
                    int threads, float[] out) {
        int kvHeads = caches.length, n = p0 + m, qDim = heads * hd;
        float[] keys = new float[kvHeads * n * hd], values = new float[kvHeads * n * hd]; // (kvHeads, n, hd)
        for (int g = 0; g < kvHeads; g++) dense(caches[g], keys, values, g * n * hd, n, hd);
        float[] qh = new float[heads * m * hd];                                           // (heads, m, hd)
        for (int r = 0; r < m; r++)
            for (int h = 0; h < heads; h++) System.arraycopy(q, r * qDim + h * hd, qh, (h * m + r) * hd, hd);
        AttentionRequest request = AttentionRequest.builder().query(qh, heads, m, hd).keys(keys, kvHeads, n).values(values, hd)
                .scale(scale).causalOffset(p0).budget(budget).threads(threads)
                .nonFinite(NonFinitePolicy.PROPAGATE) // the cache already rejected non-finite keys and values
                .build();
        float[] oh = Attention.compute(request);                                          // (heads, m, hd)
        for (int r = 0; r < m; r++)
            for (int h = 0; h < heads; h++) System.arraycopy(oh, (h * m + r) * hd, out, r * qDim + h * hd, hd);
    }

    /** Keys (un-transposed) and values of one single-head cache into [n][hd] at off, as stored (rounded for F16/BF16 caches). */
    private static void dense(PagedKvCache cache, float[] keys, float[] values, int off, int n, int hd) {
        int ps = cache.pageSize();
        float[] kScratch = new float[ps * hd], vScratch = new float[ps * hd]; // F16/BF16 pages widened (the rounded K/V)
        for (int p = 0, pages = cache.pages(); p < pages; p++) {
            float[] kp = cache.keyPageFloats(0, p, kScratch), vp = cache.valuePageFloats(0, p, vScratch);
            int len = cache.pageLength(p), base = off + p * ps * hd;
            for (int s = 0; s < len; s++)
                for (int c = 0; c < hd; c++) keys[base + s * hd + c] = kp[c * ps + s];
            System.arraycopy(vp, 0, values, base, len * hd);
        }
    }
}
