package org.ncsparse.model.llama;

import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.NonFinitePolicy;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.cache.PagedKvCache;

/**
 * Causal attention of a segment of m new rows (positions p0 .. p0+m−1) through the core's
 * {@link Attention} (its tiled causal kernels): row i sees keys 0 .. p0+i, and a budget, if any, is
 * applied per row with n = its visible keys. The core takes dense K [kvHeads][n][hd] and
 * V [kvHeads][n][hd]; the caller keeps one pair of such arrays for a whole prefill call, sized for
 * every position the call will reach (n = its final length), fills the prefix from the paged cache
 * once per segment and layer ({@link #copyPrefix}) and writes each new row as it is computed, so
 * nothing is copied twice within a segment. Keys past p0+m−1 are never visible to these rows
 * (causal offset p0), so whatever the arrays hold there does not matter.
 */
final class PrefillAttention {
    private PrefillAttention() {}

    /**
     * @param q    queries [heads][m][hd], already rotated
     * @param keys keys [kvHeads][n][hd] holding at least positions 0 .. p0+m−1; values likewise
     * @param out  attention output [heads][m][hd]
     */
    static void run(float[] q, int heads, int m, int hd, float[] keys, float[] values, int kvHeads, int n, int p0,
                    float scale, BudgetPolicy budget, int threads, float[] out) {
        AttentionRequest request = AttentionRequest.builder().query(q, heads, m, hd).keys(keys, kvHeads, n).values(values, hd)
                .scale(scale).causalOffset(p0).budget(budget).threads(threads)
                .nonFinite(NonFinitePolicy.PROPAGATE) // the cache already rejected non-finite keys and values
                .build();
        Attention.compute(request, out);
    }

    /** The first {@code tokens} keys (un-transposed) and values of a single-head cache into [n][hd] rows at off, as stored (rounded for F16/BF16 caches). */
    static void copyPrefix(PagedKvCache cache, int tokens, float[] keys, float[] values, int off, int hd) {
        int ps = cache.pageSize();
        float[] kScratch = new float[ps * hd], vScratch = new float[ps * hd]; // F16/BF16 pages widened (the rounded K/V)
        for (int p = 0, pages = (tokens + ps - 1) / ps; p < pages; p++) {
            float[] kp = cache.keyPageFloats(0, p, kScratch), vp = cache.valuePageFloats(0, p, vScratch);
            int len = Math.min(ps, tokens - p * ps), base = off + p * ps * hd;
            for (int s = 0; s < len; s++)
                for (int c = 0; c < hd; c++) keys[base + s * hd + c] = kp[c * ps + s];
            System.arraycopy(vp, 0, values, base, len * hd);
        }
    }
}
