package org.ncsparse.decode;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.PagedKvCache;

/**
 * One decoding step, validated once: a single new query per head, q = [queryHeads][d], against
 * everything in a {@link PagedKvCache}; output [queryHeads][dv]. Query head h reads kv head
 * h / (queryHeads / kvHeads) (grouped-query attention). What runs:
 * <ul>
 *   <li>no budget: exact softmax attention;</li>
 *   <li>a budget: exact top-k (or any policy) over every cached key;</li>
 *   <li>a {@link CountBudget} and a {@link PageSelection}: page-selected top-k (sub-linear; see
 *       {@link DecodeAttention}).</li>
 * </ul>
 * Heads are spread over {@code threads} workers of the shared pool; the result does not depend on
 * the thread count.
 */
public final class DecodeRequest {
    private final PagedKvCache cache;
    private final float[] q;
    private final int queryHeads, threads;
    private final float scale;
    private final BudgetPolicy budget;
    private final PageSelection selection;
    private final SelectionObserver observer;
    private final DecodeStats stats;

    private DecodeRequest(Builder b) {
        cache = b.cache; q = b.q; queryHeads = b.queryHeads; threads = b.threads; scale = b.scale;
        budget = b.budget; selection = b.selection; observer = b.observer; stats = b.stats;
    }

    /** A request for query q ([queryHeads][d]) against the cache; scale defaults to 1/sqrt(d). */
    public static Builder builder(PagedKvCache cache, float[] q, int queryHeads) { return new Builder(cache, q, queryHeads); }

    public PagedKvCache cache() { return cache; }
    public float[] q() { return q; }
    public int queryHeads() { return queryHeads; }
    public float scale() { return scale; }
    public BudgetPolicy budget() { return budget; }
    public PageSelection selection() { return selection; }
    public SelectionObserver observer() { return observer; }
    public DecodeStats stats() { return stats; }
    public int threads() { return threads; }
    /** Query heads per kv head. */
    public int group() { return queryHeads / cache.kvHeads(); }
    /** Number of output floats: queryHeads * dv. */
    public int outputLength() { return queryHeads * cache.dv(); }

    public static final class Builder {
        private final PagedKvCache cache;
        private final float[] q;
        private final int queryHeads;
        private float scale = Float.NaN;
        private BudgetPolicy budget;
        private PageSelection selection;
        private SelectionObserver observer;
        private DecodeStats stats;
        private int threads = 1;

        private Builder(PagedKvCache cache, float[] q, int queryHeads) { this.cache = cache; this.q = q; this.queryHeads = queryHeads; }

        /** Logit scale (default 1/sqrt(d)). */
        public Builder scale(float s) { this.scale = s; return this; }
        /** Sparse budget; null (default) is exact attention. */
        public Builder budget(BudgetPolicy p) { this.budget = p; return this; }
        /** Page selection (needs a {@link CountBudget}); null (default) scores every key. */
        public Builder pageSelection(PageSelection s) { this.selection = s; return this; }
        public Builder observer(SelectionObserver o) { this.observer = o; return this; }
        /** Per-head statistics of page selection (sized for queryHeads), or null. */
        public Builder stats(DecodeStats s) { this.stats = s; return this; }
        /** Worker threads over heads, at least 1 (default 1). */
        public Builder threads(int t) { this.threads = t; return this; }

        public DecodeRequest build() {
            if (cache == null) throw new IllegalArgumentException("cache must not be null");
            if (cache.tokens() == 0) throw new IllegalArgumentException("cache is empty: decoding needs at least one cached token");
            if (queryHeads < 1 || queryHeads % cache.kvHeads() != 0)
                throw new IllegalArgumentException("queryHeads must be a positive multiple of the cache's kvHeads (" + cache.kvHeads() + "), got " + queryHeads);
            if (q == null || q.length != (long) queryHeads * cache.d())
                throw new IllegalArgumentException("q must have queryHeads*d = " + (long) queryHeads * cache.d() + " elements, got " + (q == null ? "null" : q.length));
            for (int i = 0; i < q.length; i++) if (!Float.isFinite(q[i])) throw new IllegalArgumentException("q[" + i + "] is " + q[i] + "; q must be finite");
            if (Float.isNaN(scale)) scale = (float) (1.0 / Math.sqrt(cache.d()));
            if (!Float.isFinite(scale) || scale == 0) throw new IllegalArgumentException("scale must be finite and non-zero, got " + scale);
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (selection != null) {
                if (!(budget instanceof CountBudget))
                    throw new IllegalArgumentException("page selection needs a count budget (fixed, power, log), got " + (budget == null ? "none" : budget));
                if (!(scale > 0)) throw new IllegalArgumentException("scale must be > 0 for page bounds, got " + scale);
            }
            if (stats != null && stats.heads() != queryHeads)
                throw new IllegalArgumentException("stats must be sized for " + queryHeads + " heads, got " + stats.heads());
            return new DecodeRequest(this);
        }
    }
}
