package org.ncsparse.attention;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.AttentionKernel;

/**
 * One attention call, validated. Layout (row-major float32):
 * <ul>
 *   <li>Q: [queryHeads][m][d], K: [kvHeads][n][d], V: [kvHeads][n][dv], output: [queryHeads][m][dv];</li>
 *   <li>grouped-query attention: query head h reads kv head h / (queryHeads / kvHeads);</li>
 *   <li>bias (optional, additive, -Infinity masks a key): [m][n] shared by all heads, or [queryHeads][m][n];</li>
 *   <li>causal with offset c: query row i sees keys 0..i+c (default c = n - m, so the last row sees all).</li>
 * </ul>
 * Logits are {@code scale * q_i . k_j + bias_ij}; the default scale is 1/sqrt(d).
 *
 * <p>{@link Builder#build()} validates shapes, sizes (every product computed in {@code long}), the
 * causal offset and, under {@link NonFinitePolicy#REJECT}, the values (one O(size) scan). The request
 * keeps references to the caller's arrays, it does not copy them: <b>they must not change after
 * {@code build()}</b> — a change is not re-checked, so a NaN written afterwards reaches the output.
 * {@link #withBudget}, {@link #withObserver} and {@link #withKernel} share the validated arrays and
 * cost O(1); {@link #toBuilder()} followed by {@code build()} validates again.
 */
public final class AttentionRequest {
    private final float[] q, k, v, bias;
    private final int queryHeads, kvHeads, m, n, d, dv;
    private final boolean biasPerHead;
    private final float scale;
    private final boolean causal;
    private final int causalOffset;
    private final BudgetPolicy budget;
    private final SelectionObserver observer;
    private final int threads;
    private final AttentionKernel kernel;
    private final NonFinitePolicy nonFinite;

    /** A copy of {@code base} with another budget, observer and kernel: nothing to re-validate. */
    private AttentionRequest(AttentionRequest base, BudgetPolicy budget, SelectionObserver observer, AttentionKernel kernel) {
        q = base.q; k = base.k; v = base.v; bias = base.bias;
        queryHeads = base.queryHeads; kvHeads = base.kvHeads; m = base.m; n = base.n; d = base.d; dv = base.dv;
        biasPerHead = base.biasPerHead; scale = base.scale; causal = base.causal; causalOffset = base.causalOffset;
        threads = base.threads; nonFinite = base.nonFinite;
        this.budget = budget; this.observer = observer; this.kernel = kernel;
    }

    private AttentionRequest(Builder b) {
        q = b.q; k = b.k; v = b.v; bias = b.bias;
        queryHeads = b.queryHeads; kvHeads = b.kvHeads; m = b.m; n = b.n; d = b.d; dv = b.dv;
        biasPerHead = bias != null && bias.length == (long) queryHeads * m * n && queryHeads > 1;
        scale = Float.isNaN(b.scale) ? (float) (1.0 / Math.sqrt(d)) : b.scale;
        causal = b.causal;
        causalOffset = b.causalOffset == null ? n - m : b.causalOffset;
        budget = b.budget; observer = b.observer; threads = b.threads; kernel = b.kernel; nonFinite = b.nonFinite;
    }

    public static Builder builder() { return new Builder(); }

    /** A copy of this request with another budget ({@code null} = exact attention); O(1), shares the arrays. */
    public AttentionRequest withBudget(BudgetPolicy policy) {
        return policy == budget ? this : new AttentionRequest(this, policy, observer, kernel);
    }

    /** A copy with another observer ({@code null} = none); O(1), shares the arrays. */
    public AttentionRequest withObserver(SelectionObserver obs) {
        return obs == observer ? this : new AttentionRequest(this, budget, obs, kernel);
    }

    /** A copy that runs on the given kernel ({@code null} = the provider's best); O(1), shares the arrays. */
    public AttentionRequest withKernel(AttentionKernel kern) {
        return kern == kernel ? this : new AttentionRequest(this, budget, observer, kern);
    }

    /** A builder holding this request's arguments; its {@code build()} validates everything again. */
    public Builder toBuilder() {
        Builder b = new Builder().query(q, queryHeads, m, d).keys(k, kvHeads, n).values(v, dv)
                .scale(scale).causal(causal).budget(budget).observer(observer).threads(threads)
                .kernel(kernel).nonFinite(nonFinite);
        if (causal) b.causalOffset(causalOffset);
        if (bias != null) b.bias(bias);
        return b;
    }

    public float[] q() { return q; }
    public float[] k() { return k; }
    public float[] v() { return v; }
    public float[] bias() { return bias; }
    public int queryHeads() { return queryHeads; }
    public int kvHeads() { return kvHeads; }
    public int m() { return m; }
    public int n() { return n; }
    public int d() { return d; }
    public int dv() { return dv; }
    public float scale() { return scale; }
    public boolean causal() { return causal; }
    public int causalOffset() { return causalOffset; }
    public BudgetPolicy budget() { return budget; }
    public SelectionObserver observer() { return observer; }
    public int threads() { return threads; }
    public AttentionKernel kernel() { return kernel; }
    public NonFinitePolicy nonFinite() { return nonFinite; }

    /** Number of keys query row {@code row} may see: n, or min(n, row + offset + 1) when causal. */
    public int visible(int row) {
        if (!causal) return n;
        long last = (long) row + causalOffset;
        return (int) Math.max(0, Math.min(n, last + 1));
    }

    /** The kv head that query head {@code head} reads. */
    public int kvHeadOf(int head) { return head / (queryHeads / kvHeads); }

    public int queryOffset(int head, int row) { return (head * m + row) * d; }
    public int keyOffset(int kvHead) { return kvHead * n * d; }
    public int valueOffset(int kvHead) { return kvHead * n * dv; }
    public int outputOffset(int head, int row) { return (head * m + row) * dv; }

    /** Offset of the bias row of (head, row), or -1 when there is no bias. */
    public int biasOffset(int head, int row) {
        if (bias == null) return -1;
        return ((biasPerHead ? head * m : 0) + row) * n;
    }

    /** Number of output floats: queryHeads * m * dv (checked in {@code build()} to fit a Java array). */
    public int outputLength() { return queryHeads * m * dv; }

    public static final class Builder {
        private float[] q, k, v, bias;
        private int queryHeads = 1, kvHeads = 1, m, n, d, dv;
        private float scale = Float.NaN;
        private boolean causal;
        private Integer causalOffset;
        private BudgetPolicy budget;
        private SelectionObserver observer;
        private int threads = 1;
        private AttentionKernel kernel;
        private NonFinitePolicy nonFinite = NonFinitePolicy.REJECT;

        /** Queries [heads][m][d]. */
        public Builder query(float[] q, int heads, int m, int d) { this.q = q; this.queryHeads = heads; this.m = m; this.d = d; return this; }
        /** Keys [kvHeads][n][d] (d must match the queries). */
        public Builder keys(float[] k, int kvHeads, int n) { this.k = k; this.kvHeads = kvHeads; this.n = n; return this; }
        /** Values [kvHeads][n][dv]. */
        public Builder values(float[] v, int dv) { this.v = v; this.dv = dv; return this; }
        /** Logit scale s (default 1/sqrt(d)); the paper's synthetic convention is s = 1. */
        public Builder scale(float s) { this.scale = s; return this; }
        public Builder causal(boolean c) { this.causal = c; return this; }
        /** Causal offset c: row i sees keys 0..i+c. Implies causal. */
        public Builder causalOffset(int c) { this.causal = true; this.causalOffset = c; return this; }
        /** Additive bias [m][n] or [queryHeads][m][n]; -Infinity masks a key. */
        public Builder bias(float[] b) { this.bias = b; return this; }
        /** Sparse budget; {@code null} (default) is exact attention. */
        public Builder budget(BudgetPolicy p) { this.budget = p; return this; }
        public Builder observer(SelectionObserver o) { this.observer = o; return this; }
        /** Worker threads, at least 1 (default 1). */
        public Builder threads(int t) { this.threads = t; return this; }
        /** Kernel to run on; {@code null} (default) picks the fastest available. */
        public Builder kernel(AttentionKernel kern) { this.kernel = kern; return this; }
        public Builder nonFinite(NonFinitePolicy p) { this.nonFinite = p; return this; }

        /** Validates every argument (see {@link RequestValidator}) and builds the request. */
        public AttentionRequest build() {
            RequestValidator.checkShapes(q, queryHeads, m, d, k, kvHeads, n, v, dv, bias, threads, scale, causal, causalOffset, nonFinite);
            AttentionRequest r = new AttentionRequest(this);
            RequestValidator.checkValues(r);
            return r;
        }
    }
}
