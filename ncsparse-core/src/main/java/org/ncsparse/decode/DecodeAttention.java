package org.ncsparse.decode;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.select.RowSelector;

/**
 * One decoding step: a single new query per head against everything in a {@link PagedKvCache}.
 * Query q is [queryHeads][d]; output is [queryHeads][dv]; head h reads kv head h / (queryHeads / kvHeads).
 * <ul>
 *   <li>{@link #exact}: dense softmax attention; reads all of K and V once.</li>
 *   <li>{@link #topK}: exact top-k under any budget; reads all of K once, then only the kept rows of V.</li>
 *   <li>{@link #pageSelected}: sub-linear: reads the page summaries, then only the pages whose
 *       logit bound can still matter (see {@link PageSelection}); the result is the exact top-k when
 *       {@link DecodeStats#certified} says so, an approximation otherwise.</li>
 * </ul>
 */
public final class DecodeAttention {
    private DecodeAttention() {}

    public static void exact(PagedKvCache cache, float[] q, int queryHeads, float scale, float[] out) {
        check(cache, q, queryHeads, scale, out);
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), group = queryHeads / cache.kvHeads();
        float[] logits = new float[n], acc = new float[dv];
        for (int h = 0; h < queryHeads; h++) {
            int kv = h / group;
            float max = scoreAll(cache, kv, q, h * d, scale, logits);
            double z = DecodeOps.expShiftInPlace(logits, n, max); // logits now hold the weights exp(l - max)
            java.util.Arrays.fill(acc, 0);
            for (int p = 0, pages = cache.pages(); p < pages; p++) {
                float[] vp = cache.valuePage(kv, p);
                for (int s = 0, len = cache.pageLength(p), j = p * cache.pageSize(); s < len; s++, j++)
                    DecodeOps.axpy(logits[j], vp, s * dv, acc, dv);
            }
            write(acc, z, out, h * dv);
        }
    }

    public static void topK(PagedKvCache cache, float[] q, int queryHeads, float scale, BudgetPolicy budget,
                            float[] out, SelectionObserver observer) {
        check(cache, q, queryHeads, scale, out);
        if (budget == null) throw new IllegalArgumentException("budget must not be null; use exact() for dense decoding");
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), group = queryHeads / cache.kvHeads(), ps = cache.pageSize();
        float[] logits = new float[n], acc = new float[dv];
        int[] kept = new int[n];
        RowSelector selector = new RowSelector(n);
        for (int h = 0; h < queryHeads; h++) {
            int kv = h / group;
            float max = scoreAll(cache, kv, q, h * d, scale, logits);
            int count = selector.select(budget, logits, n, kept);
            java.util.Arrays.fill(acc, 0);
            double z = 0;
            for (int t = 0; t < count; t++) {
                int j = kept[t];
                float w = (float) Math.exp(logits[j] - max);
                z += w;
                DecodeOps.axpy(w, cache.valuePage(kv, j / ps), (j % ps) * dv, acc, dv);
            }
            write(acc, z, out, h * dv);
            if (observer != null) {
                double total = 0;
                for (int j = 0; j < n; j++) total += Math.exp(logits[j] - max);
                observer.onRow(h, 0, n, kept, count, z / total);
            }
        }
    }

    public static void pageSelected(PagedKvCache cache, float[] q, int queryHeads, float scale, CountBudget budget,
                                    PageSelection selection, float[] out, DecodeStats stats, SelectionObserver observer) {
        check(cache, q, queryHeads, scale, out);
        if (budget == null) throw new IllegalArgumentException("budget must not be null");
        if (selection == null) throw new IllegalArgumentException("selection must not be null (e.g. PageSelection.defaults())");
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0 for page bounds, got " + scale);
        if (stats != null && stats.heads() != queryHeads)
            throw new IllegalArgumentException("stats must be sized for " + queryHeads + " heads, got " + stats.heads());
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), group = queryHeads / cache.kvHeads();
        int ps = cache.pageSize(), pages = cache.pages(), k = budget.k(n);
        long maxScan = Math.max((long) Math.ceil(selection.oversample() * k), (long) selection.minPages() * ps);
        float[] bounds = new float[pages], acc = new float[dv], pageLogits = new float[ps];
        BoundHeap order = new BoundHeap(bounds);
        TopKHeap best = new TopKHeap(k);
        int[] kept = observer == null ? null : new int[k];
        for (int h = 0; h < queryHeads; h++) {
            int kv = h / group, qOff = h * d;
            float[] mn = cache.pageMin(kv), mx = cache.pageMax(kv);
            for (int p = 0; p < pages; p++) bounds[p] = scale * DecodeOps.upperBound(q, qOff, mn, mx, p * d, d);
            order.build(pages);
            best.reset(k);
            int scored = 0, scoredPages = 0;
            boolean certified = false;
            while (!order.isEmpty()) {
                if (best.full() && best.min() >= order.peekBound()) { certified = true; break; }
                if (scored >= maxScan && scoredPages >= selection.minPages()) break;
                int p = order.pop();
                int len = cache.pageLength(p);
                DecodeOps.scorePage(q, qOff, cache.keyPage(kv, p), ps, len, d, scale, pageLogits, 0);
                for (int s = 0; s < len; s++) best.offer(pageLogits[s], p * ps + s);
                scored += len;
                scoredPages++;
            }
            if (order.isEmpty()) certified = true; // every page scored: the kept set is the exact top-k
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < best.size(); i++) max = Math.max(max, best.logitAt(i));
            java.util.Arrays.fill(acc, 0);
            double z = 0;
            for (int i = 0; i < best.size(); i++) {
                int j = best.keyAt(i);
                float w = (float) Math.exp(best.logitAt(i) - max);
                z += w;
                DecodeOps.axpy(w, cache.valuePage(kv, j / ps), (j % ps) * dv, acc, dv);
            }
            write(acc, z, out, h * dv);
            if (stats != null) stats.record(h, scored, scoredPages, best.size(), certified);
            if (observer != null) {
                for (int i = 0; i < best.size(); i++) kept[i] = best.keyAt(i);
                java.util.Arrays.sort(kept, 0, best.size());
                observer.onRow(h, 0, n, kept, best.size(), Double.NaN); // the full mass was never computed
            }
        }
    }

    /** Writes s * q.k_j for every cached key of a kv head into logits[0..n) and returns their max. */
    private static float scoreAll(PagedKvCache cache, int kv, float[] q, int qOff, float scale, float[] logits) {
        int d = cache.d(), ps = cache.pageSize();
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0, pages = cache.pages(); p < pages; p++)
            max = Math.max(max, DecodeOps.scorePage(q, qOff, cache.keyPage(kv, p), ps, cache.pageLength(p), d, scale, logits, p * ps));
        return max;
    }

    private static void write(float[] acc, double z, float[] out, int off) {
        float inv = (float) (1 / z);
        for (int c = 0; c < acc.length; c++) out[off + c] = acc[c] * inv;
    }

    private static void check(PagedKvCache cache, float[] q, int queryHeads, float scale, float[] out) {
        if (cache == null) throw new IllegalArgumentException("cache must not be null");
        if (cache.tokens() == 0) throw new IllegalArgumentException("cache is empty: decoding needs at least one cached token");
        if (queryHeads < 1 || queryHeads % cache.kvHeads() != 0)
            throw new IllegalArgumentException("queryHeads must be a positive multiple of the cache's kvHeads (" + cache.kvHeads() + "), got " + queryHeads);
        if (q == null || q.length != queryHeads * cache.d())
            throw new IllegalArgumentException("q must have queryHeads*d = " + queryHeads * cache.d() + " elements, got " + (q == null ? "null" : q.length));
        for (int i = 0; i < q.length; i++) if (!Float.isFinite(q[i])) throw new IllegalArgumentException("q[" + i + "] is " + q[i] + "; q must be finite");
        if (!Float.isFinite(scale) || scale == 0) throw new IllegalArgumentException("scale must be finite and non-zero, got " + scale);
        if (out == null || out.length != queryHeads * cache.dv())
            throw new IllegalArgumentException("out must have queryHeads*dv = " + queryHeads * cache.dv() + " elements, got " + (out == null ? "null" : out.length));
    }
}
