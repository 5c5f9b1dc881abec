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
 * {@link PagedKvCache}, heads spread over the request's threads (with grouped-query attention, the
 * kv heads, each with its query heads page by page, so a page — or, for page selection, a group of
 * block summaries — is read from memory once per group). Per head, the logits come from the cache's
 * transposed key pages and the rest is the shared {@link RowPipeline}:
 * <ul>
 *   <li>exact: dense softmax attention; reads all of K and V once;</li>
 *   <li>top-k: exact top-k under any budget; reads all of K once, then only the kept rows of V;</li>
 *   <li>page-selected: sub-linear: reads the cache's block summaries (min/max per block of at most
 *       32 tokens), scores the sink and recent tokens, then only the blocks whose logit bound can
 *       still matter (see {@link PageSelection}); the result is the exact top-k when
 *       {@link DecodeStats#certified} says so, an approximation otherwise. The kept mass reported to
 *       an observer is then a lower bound: the keys never scored count with their block's bound.</li>
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
        int kvHeads = r.cache().kvHeads();
        if (r.group() > 1 && kvHeads >= r.threads())
            ParallelRunner.forEach(kvHeads, r.threads(), kv -> {
                if (r.selection() != null) pageSelectedGroup(r, kv, out);
                else scoredGroup(r, kv, out);
            });
        else ParallelRunner.forEach(r.queryHeads(), r.threads(), h -> {
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

    /** Per worker: the logit rows of one kv head's query heads (grouped-query attention). */
    private static final ThreadLocal<float[][]> GROUP_LOGITS = ThreadLocal.withInitial(() -> new float[0][]);

    private static float[][] groupLogits(int heads, int n) {
        float[][] l = ScratchRows.ensure(GROUP_LOGITS.get(), heads, n);
        GROUP_LOGITS.set(l);
        return l;
    }

    /**
     * Exact or any-budget top-k for the query heads sharing kv head kv (grouped-query attention),
     * page by page: each page of keys (and, for exact attention, of values) comes from memory once
     * and stays in cache for the group's other heads, where head by head every query head streamed
     * the whole K and V (the group size times the memory traffic of a decode step). Each head's
     * logits and sums are the same operations in the same order as {@link #scoredHead}, so the
     * results are identical bit for bit.
     */
    private static void scoredGroup(DecodeRequest r, int kv, float[] out) {
        PagedKvCache cache = r.cache();
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), ps = cache.pageSize(), heads = r.group(), h0 = kv * heads;
        float[][] logits = groupLogits(heads, n);
        for (int p = 0, pages = cache.pages(); p < pages; p++)
            for (int g = 0; g < heads; g++)
                DecodeOps.scorePage(r.q(), (h0 + g) * d, cache, kv, p, r.scale(), logits[g], p * ps);
        if (r.budget() == null) {
            PageValues.exact(logits, heads, n, cache, kv, out, h0 * dv);
            return;
        }
        RowPipeline pipe = PIPELINE.get();
        for (int g = 0; g < heads; g++) {
            System.arraycopy(logits[g], 0, pipe.logits(n), 0, n);
            pipe.finish(h0 + g, 0, n, r.budget(), PageValues.of(cache, kv), dv, out, (h0 + g) * dv, r.observer());
        }
    }

    /** Page selection for one head: its block bounds, then {@link #pageSelected(DecodeRequest, int, float[], float[])}. */
    private static void pageSelectedHead(DecodeRequest r, int h, float[] out) {
        SelectionScratch sc = SelectionScratch.get();
        PagedKvCache cache = r.cache();
        float[] bounds = sc.bounds(cache.blocks());
        DecodeOps.blockBounds(r.q(), h * cache.d(), cache, h / r.group(), r.scale(), sc.split(cache.d()), bounds);
        pageSelected(r, h, out, bounds);
    }

    /**
     * Page selection for the query heads sharing kv head kv: their block bounds in one pass over the
     * kv head's block summaries (each summary group read from memory once for the group), then each
     * head's selection. The bounds are the same operations as head by head, so the same bits.
     */
    private static void pageSelectedGroup(DecodeRequest r, int kv, float[] out) {
        SelectionScratch sc = SelectionScratch.get();
        PagedKvCache cache = r.cache();
        int heads = r.group(), h0 = kv * heads, d = cache.d();
        float[][] bounds = sc.groupBounds(heads, cache.blocks());
        DecodeOps.blockBounds(r.q(), h0 * d, heads, cache, kv, r.scale(), sc.groupSplit(heads, d), bounds);
        for (int g = 0; g < heads; g++) pageSelected(r, h0 + g, out, bounds[g]);
    }

    /**
     * Page selection for one head, over the cache's summary blocks with their bounds given: the sink
     * and recent blocks are scored first, then the others in decreasing bound order until the k-th
     * best logit reaches the next bound (certified) or the scan cap (see {@link PageSelection}).
     */
    private static void pageSelected(DecodeRequest r, int h, float[] out, float[] bounds) {
        PagedKvCache cache = r.cache();
        SelectionObserver observer = r.observer();
        PageSelection selection = r.selection();
        float[] q = r.q();
        float scale = r.scale();
        int n = cache.tokens(), d = cache.d(), dv = cache.dv(), bs = cache.blockSize(), blocks = cache.blocks();
        int k = ((CountBudget) r.budget()).k(n), kv = h / r.group(), qOff = h * d;
        int sink = Math.min(blocks, (selection.sinkTokens() + bs - 1) / bs);
        int recentFrom = selection.recentTokens() == 0 ? blocks          // the blocks holding the last recentTokens tokens
                : Math.max(sink, Math.max(0, n - selection.recentTokens()) / bs);
        long maxScan = Math.max((long) Math.ceil(selection.oversample() * k), (long) selection.minBlocks() * bs);
        SelectionScratch sc = SelectionScratch.get();
        float[] blockLogits = sc.blockLogits(bs);
        TopKHeap best = sc.best(k);
        BoundHeap order = sc.order;
        order.bounds(bounds);
        order.build(sink, recentFrom);
        int scored = 0, inOrder = 0, scoredBlocks = 0, forced = sink + blocks - recentFrom; // keys, keys in bound order, blocks
        boolean certified = false;
        double runMax = Double.NEGATIVE_INFINITY, runSum = 0; // log-sum-exp of every scored logit (observer only)
        for (int i = 0; ; i++) {
            int b;
            if (i < forced) b = i < sink ? i : recentFrom + (i - sink); // always scored
            else {
                if (order.isEmpty()) break;
                if (best.full() && best.min() >= order.peekBound()) { certified = true; break; }
                if (inOrder >= maxScan && scoredBlocks - forced >= selection.minBlocks()) break;
                b = order.pop();
                inOrder += cache.blockLength(b);
            }
            int len = cache.blockLength(b), first = b * bs;
            float blockMax = DecodeOps.scoreBlock(q, qOff, cache, kv, b, scale, blockLogits);
            for (int s = 0; s < len; s++) best.offer(blockLogits[s], first + s);
            if (observer != null) {
                if (blockMax > runMax) { runSum *= Math.exp(runMax - blockMax); runMax = blockMax; }
                for (int s = 0; s < len; s++) runSum += Math.exp(blockLogits[s] - runMax);
            }
            scored += len;
            scoredBlocks++;
        }
        if (order.isEmpty()) certified = true; // every block scored: the kept set is the exact top-k
        int count = best.size();
        RowPipeline pipe = PIPELINE.get();
        float[] w = pipe.weights(count);
        int[] keys = pipe.kept(count);
        for (int i = 0; i < count; i++) { w[i] = best.logitAt(i); keys[i] = best.keyAt(i); }
        float max = RowOps.max(w, count);
        float[] acc = sc.acc(dv);
        double z = RowPipeline.aggregate(w, keys, 0, count, max, PageValues.of(cache, kv), dv, acc);
        RowOps.normalise(acc, z, out, h * dv, dv);
        if (r.stats() != null) r.stats().record(h, scored, scoredBlocks, count, certified);
        if (observer != null) {
            double total = runSum * Math.exp(runMax - max); // scored keys, relative to max
            for (int i = 0; i < order.remaining(); i++) { // never scored: at most len e^(bound - max) each
                int b = order.block(i);
                total += cache.blockLength(b) * Math.exp((double) bounds[b] - max);
            }
            java.util.Arrays.sort(keys, 0, count);
            observer.onRow(h, 0, n, keys, count, RowOps.keptMass(z, total));
        }
    }
}
