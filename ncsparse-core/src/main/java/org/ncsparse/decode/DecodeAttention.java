package org.ncsparse.decode;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.kernel.RowOps;
import org.ncsparse.kernel.RowPipeline;

/**
 * One decoding step ({@link DecodeRequest}): a single new query per head against everything in a
 * {@link PagedKvCache}, heads spread over the request's threads. Per head, the logits come from the
 * cache's transposed key pages and the rest is the shared {@link RowPipeline}:
 * <ul>
 *   <li>exact: dense softmax attention; reads all of K and V once;</li>
 *   <li>top-k: exact top-k under any budget; reads all of K once, then only the kept rows of V;</li>
 *   <li>page-selected: sub-linear: reads the page summaries, then only the pages whose logit bound
 *       can still matter (see {@link PageSelection}); the result is the exact top-k when
 *       {@link DecodeStats#certified} says so, an approximation otherwise. The kept mass reported to
 *       an observer is then a lower bound: the keys never scored count with their page's bound.</li>
 * </ul>
 * Any cache storage type works: F16/BF16 pages are widened to float32 as they are read
 * ({@link PageValues}, {@code HalfOps}), and the page bounds are over the stored keys, so every mode
 * is exact (or certified) relative to the rounded cache.
 * The static {@link #exact}, {@link #topK} and {@link #pageSelected} are the one-thread shorthands.
 */
public final class DecodeAttention {
    private DecodeAttention() {}

    private static final ThreadLocal<RowPipeline> PIPELINE = ThreadLocal.withInitial(RowPipeline::new);

    /** Runs the request, writing [queryHeads][dv] into out. */
    public static void compute(DecodeRequest r, float[] out) {
        if (r == null) throw new IllegalArgumentException("request must not be null");
        if (out == null || out.length != r.outputLength())
            throw new IllegalArgumentException("out must have queryHeads*dv = " + r.outputLength() + " elements, got " + (out == null ? "null" : out.length));
        ParallelRunner.forEach(r.queryHeads(), r.threads(), h -> {
            if (r.selection() != null) pageSelectedHead(r, h, out);
            else scoredHead(r, h, out);
        });
    }

    public static void exact(PagedKvCache cache, float[] q, int queryHeads, float scale, float[] out) {
        compute(DecodeRequest.builder(cache, q, queryHeads).scale(scale).build(), out);
    }

    public static void topK(PagedKvCache cache, float[] q, int queryHeads, float scale, BudgetPolicy budget,
                            float[] out, SelectionObserver observer) {
        if (budget == null) throw new IllegalArgumentException("budget must not be null; use exact() for dense decoding");
        compute(DecodeRequest.builder(cache, q, queryHeads).scale(scale).budget(budget).observer(observer).build(), out);
    }

    public static void pageSelected(PagedKvCache cache, float[] q, int queryHeads, float scale, CountBudget budget,
                                    PageSelection selection, float[] out, DecodeStats stats, SelectionObserver observer) {
        if (budget == null) throw new IllegalArgumentException("budget must not be null");
        if (selection == null) throw new IllegalArgumentException("selection must not be null (e.g. PageSelection.defaults())");
        compute(DecodeRequest.builder(cache, q, queryHeads).scale(scale).budget(budget).pageSelection(selection)
                .stats(stats).observer(observer).build(), out);
    }

    /** Exact or any-budget top-k for one head: every cached key scored, then the row pipeline. */
    private static void scoredHead(DecodeRequest r, int h, float[] out) {
        PagedKvCache cache = r.cache();
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), ps = cache.pageSize(), kv = h / r.group();
        RowPipeline pipe = PIPELINE.get();
        float[] logits = pipe.logits(n);
        for (int p = 0, pages = cache.pages(); p < pages; p++)
            DecodeOps.scorePage(r.q(), h * d, cache, kv, p, r.scale(), logits, p * ps);
        if (r.budget() == null) PageValues.exact(logits, n, cache, kv, out, h * dv);
        else pipe.finish(h, 0, n, r.budget(), PageValues.of(cache, kv), dv, out, h * dv, r.observer());
    }

    private static void pageSelectedHead(DecodeRequest r, int h, float[] out) {
        PagedKvCache cache = r.cache();
        SelectionObserver observer = r.observer();
        PageSelection selection = r.selection();
        float[] q = r.q();
        float scale = r.scale();
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), ps = cache.pageSize(), pages = cache.pages();
        int k = ((CountBudget) r.budget()).k(n), kv = h / r.group(), qOff = h * d;
        long maxScan = Math.max((long) Math.ceil(selection.oversample() * k), (long) selection.minPages() * ps);
        RowPipeline pipe = PIPELINE.get();
        float[] bounds = new float[pages], pageLogits = new float[ps];
        BoundHeap order = new BoundHeap(bounds);
        TopKHeap best = new TopKHeap(k);
        best.reset(k);
        float[] mn = cache.pageMin(kv), mx = cache.pageMax(kv);
        for (int p = 0; p < pages; p++) bounds[p] = scale * DecodeOps.upperBound(q, qOff, mn, mx, p * d, d);
        order.build(pages);
        int scored = 0, scoredPages = 0;
        boolean certified = false;
        double runMax = Double.NEGATIVE_INFINITY, runSum = 0; // log-sum-exp of every scored logit (observer only)
        while (!order.isEmpty()) {
            if (best.full() && best.min() >= order.peekBound()) { certified = true; break; }
            if (scored >= maxScan && scoredPages >= selection.minPages()) break;
            int p = order.pop();
            int len = cache.pageLength(p);
            float pageMax = DecodeOps.scorePage(q, qOff, cache, kv, p, scale, pageLogits, 0);
            for (int s = 0; s < len; s++) best.offer(pageLogits[s], p * ps + s);
            if (observer != null) {
                if (pageMax > runMax) { runSum *= Math.exp(runMax - pageMax); runMax = pageMax; }
                for (int s = 0; s < len; s++) runSum += Math.exp(pageLogits[s] - runMax);
            }
            scored += len;
            scoredPages++;
        }
        if (order.isEmpty()) certified = true; // every page scored: the kept set is the exact top-k
        int count = best.size();
        float[] w = pipe.weights(count);
        int[] keys = pipe.kept(count);
        for (int i = 0; i < count; i++) { w[i] = best.logitAt(i); keys[i] = best.keyAt(i); }
        float max = RowOps.max(w, count);
        float[] acc = new float[dv];
        double z = RowPipeline.aggregate(w, keys, 0, count, max, PageValues.of(cache, kv), dv, acc);
        RowOps.normalise(acc, z, out, h * dv, dv);
        if (r.stats() != null) r.stats().record(h, scored, scoredPages, count, certified);
        if (observer != null) {
            double total = runSum * Math.exp(runMax - max); // scored keys, relative to max
            for (int i = 0; i < order.remaining(); i++) { // never scored: at most len e^(bound - max) each
                int p = order.page(i);
                total += cache.pageLength(p) * Math.exp((double) bounds[p] - max);
            }
            java.util.Arrays.sort(keys, 0, count);
            observer.onRow(h, 0, n, keys, count, RowOps.keptMass(z, total));
        }
    }
}
