package org.ncsparse.attention;

/**
 * The checks behind {@link AttentionRequest.Builder#build()}: every message names the argument and
 * what is allowed. Sizes are products in {@code long}; values are scanned once per built request.
 */
final class RequestValidator {
    /** The largest array Java allocates reliably (HotSpot refuses a few elements below 2^31 − 1). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * Bounds on partial sums must stay below this: half of Float.MAX_VALUE leaves room for the
     * rounding of d (or n) float additions, each off by at most one ulp.
     */
    static final double FLOAT_SAFE = Float.MAX_VALUE / 2.0;

    private RequestValidator() {}

    static void checkShapes(float[] q, int queryHeads, int m, int d, float[] k, int kvHeads, int n,
                            float[] v, int dv, float[] bias, int threads, float scale, boolean causal, Integer causalOffset,
                            NonFinitePolicy nonFinite) {
        require(q != null, "q must not be null (call query(q, heads, m, d))");
        require(k != null, "k must not be null (call keys(k, kvHeads, n))");
        require(v != null, "v must not be null (call values(v, dv))");
        require(nonFinite != null, "nonFinite must not be null");
        require(queryHeads >= 1, "queryHeads must be >= 1, got " + queryHeads);
        require(kvHeads >= 1, "kvHeads must be >= 1, got " + kvHeads);
        require(queryHeads % kvHeads == 0,
                "queryHeads must be a multiple of kvHeads (grouped-query attention), got queryHeads=" + queryHeads + ", kvHeads=" + kvHeads);
        require(m >= 1, "m (query rows) must be >= 1, got " + m);
        require(n >= 1, "n (keys) must be >= 1: attention over zero keys is undefined, got " + n);
        require(d >= 1, "d (head dimension) must be >= 1, got " + d);
        require(dv >= 1, "dv (value dimension) must be >= 1, got " + dv);
        require(threads >= 1, "threads must be >= 1, got " + threads);
        require(Float.isNaN(scale) || Float.isFinite(scale), "scale must be finite, got " + scale);
        checkLength("q", q.length, (long) queryHeads * m * d, "queryHeads*m*d = " + queryHeads + "*" + m + "*" + d);
        checkLength("k", k.length, (long) kvHeads * n * d, "kvHeads*n*d = " + kvHeads + "*" + n + "*" + d);
        checkLength("v", v.length, (long) kvHeads * n * dv, "kvHeads*n*dv = " + kvHeads + "*" + n + "*" + dv);
        long output = (long) queryHeads * m * dv;
        require(output <= MAX_ARRAY, "the output needs queryHeads*m*dv = " + queryHeads + "*" + m + "*" + dv + " = " + output
                + " floats, above the largest Java array (" + MAX_ARRAY + "); split the call by heads or query rows");
        if (bias != null) {
            long shared = (long) m * n, perHead = (long) queryHeads * m * n;
            require(bias.length == shared || bias.length == perHead,
                    "bias must have m*n = " + shared + " ([m][n], shared by heads) or queryHeads*m*n = " + perHead
                            + " ([heads][m][n]) elements, got " + bias.length);
        }
        if (causalOffset != null)
            require(causalOffset >= 0, "causalOffset must be >= 0 so that row 0 sees at least one key, got " + causalOffset);
        else if (causal)
            require(m <= n, "causal attention with m = " + m + " query rows and n = " + n + " keys: the default offset n - m = "
                    + ((long) n - m) + " leaves row 0 without a key; pass causalOffset(c) with c >= 0 (row i sees keys 0..i+c)");
    }

    /**
     * Under {@link NonFinitePolicy#REJECT}: scans Q, K, V and the bias for non-finite values and
     * checks that finite inputs cannot overflow float32 (see {@link #checkRange}). Always: rejects
     * rows whose every visible key is masked.
     */
    static void checkValues(AttentionRequest r) {
        boolean reject = r.nonFinite() == NonFinitePolicy.REJECT;
        if (reject) checkRange(r);
        float[] bias = r.bias();
        if (bias == null) return;
        int heads = bias.length == (long) r.m() * r.n() ? 1 : r.queryHeads();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < r.m(); i++) {
                int off = r.biasOffset(h, i), vis = r.visible(i);
                boolean anyOpen = false;
                for (int j = 0; j < vis; j++) {
                    float b = bias[off + j];
                    if (reject && (Float.isNaN(b) || b == Float.POSITIVE_INFINITY))
                        throw new IllegalArgumentException("bias[" + (off + j) + "] is " + b
                                + "; bias values must be finite or -Infinity (head " + h + ", row " + i + ", key " + j + ")");
                    if (b != Float.NEGATIVE_INFINITY) anyOpen = true;
                }
                if (!anyOpen)
                    throw new IllegalArgumentException("bias masks every visible key of query row " + i
                            + (heads > 1 ? " of head " + h : "") + "; each row needs at least one key with bias > -Infinity");
            }
        }
    }

    /**
     * Finite inputs whose float32 arithmetic could still overflow are rejected, with bounds that
     * every kernel's partial sums obey:
     * <ul>
     *   <li>logits: |partial dot| ≤ d·max|q|·max|k| and |s·dot + bias| ≤ max(1, |s|)·d·max|q|·max|k| + max|bias|;
     *       these must stay below Float.MAX_VALUE / 2. Large logits within float range stay exact:
     *       the softmax subtracts the row maximum before exp.</li>
     *   <li>outputs: the unnormalised accumulator Σ_j exp(l_j − max)·v_j has weights in [0, 1], so
     *       |acc| ≤ n·max|v| must stay below Float.MAX_VALUE / 2 (the normalised output is a convex
     *       combination of the v_j and itself never exceeds max|v|).</li>
     * </ul>
     */
    static void checkRange(AttentionRequest r) {
        float maxQ = maxAbs("q", r.q()), maxK = maxAbs("k", r.k()), maxV = maxAbs("v", r.v());
        float maxBias = r.bias() == null ? 0f : maxAbsFinite(r.bias());
        double dot = (double) r.d() * maxQ * maxK;
        double logit = Math.max(1.0, Math.abs(r.scale())) * dot + maxBias;
        if (logit > FLOAT_SAFE)
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "q and k are too large for float32 logits: max(1, |scale|)*d*max|q|*max|k| + max|bias| = %.3g "
                            + "(max|q| = %.3g at q[%d], max|k| = %.3g at k[%d], d = %d, scale = %.3g) exceeds %.3g; rescale q or k "
                            + "(or use NonFinitePolicy.PROPAGATE to let IEEE overflow happen)",
                    logit, maxQ, indexOf(r.q(), maxQ), maxK, indexOf(r.k(), maxK), r.d(), r.scale(), FLOAT_SAFE));
        double acc = (double) r.n() * maxV;
        if (acc > FLOAT_SAFE)
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "v is too large for a float32 weighted sum: n*max|v| = %d*%.3g = %.3g (max at v[%d]) exceeds %.3g; rescale v "
                            + "(or use NonFinitePolicy.PROPAGATE to let IEEE overflow happen)",
                    r.n(), maxV, acc, indexOf(r.v(), maxV), FLOAT_SAFE));
    }

    /** max |a_i|, throwing on the first non-finite element (Math.max propagates NaN, so one pass finds both). */
    private static float maxAbs(String name, float[] a) {
        float max = 0f;
        for (float x : a) max = Math.max(max, Math.abs(x));
        if (!(max <= Float.MAX_VALUE)) {
            for (int i = 0; i < a.length; i++)
                if (!Float.isFinite(a[i]))
                    throw new IllegalArgumentException(name + "[" + i + "] is " + a[i] + "; " + name
                            + " must be finite (or use NonFinitePolicy.PROPAGATE)");
        }
        return max;
    }

    /** max |b_i| over the finite entries (−Infinity masks; NaN and +Infinity are reported by the row scan). */
    private static float maxAbsFinite(float[] b) {
        float max = 0f;
        for (float x : b) if (Float.isFinite(x)) max = Math.max(max, Math.abs(x));
        return max;
    }

    private static int indexOf(float[] a, float absValue) {
        for (int i = 0; i < a.length; i++) if (Math.abs(a[i]) == absValue) return i;
        return -1;
    }

    private static void checkLength(String name, int actual, long expected, String formula) {
        require(actual == expected, name + " must have " + formula + " elements, got " + actual);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
