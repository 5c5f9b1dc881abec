package org.ncsparse.attention;

/** The checks behind {@link AttentionRequest.Builder#build()}: every message names the argument and what is allowed. */
final class RequestValidator {
    private RequestValidator() {}

    static void checkShapes(float[] q, int queryHeads, int m, int d, float[] k, int kvHeads, int n,
                            float[] v, int dv, float[] bias, int threads, float scale, Integer causalOffset,
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
        if (bias != null) {
            long shared = (long) m * n, perHead = (long) queryHeads * m * n;
            require(bias.length == shared || bias.length == perHead,
                    "bias must have m*n = " + shared + " ([m][n], shared by heads) or queryHeads*m*n = " + perHead
                            + " ([heads][m][n]) elements, got " + bias.length);
        }
        if (causalOffset != null)
            require(causalOffset >= 0, "causalOffset must be >= 0 so that row 0 sees at least one key, got " + causalOffset);
    }

    /** Scans values per the non-finite policy and rejects rows whose every visible key is masked. */
    static void checkValues(AttentionRequest r) {
        if (r.nonFinite() == NonFinitePolicy.REJECT) {
            checkFinite("q", r.q());
            checkFinite("k", r.k());
            checkFinite("v", r.v());
        }
        float[] bias = r.bias();
        if (bias == null) return;
        int heads = bias.length == (long) r.m() * r.n() ? 1 : r.queryHeads();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < r.m(); i++) {
                int off = r.biasOffset(h, i), vis = r.visible(i);
                boolean anyOpen = false;
                for (int j = 0; j < vis; j++) {
                    float b = bias[off + j];
                    if (r.nonFinite() == NonFinitePolicy.REJECT && (Float.isNaN(b) || b == Float.POSITIVE_INFINITY))
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

    private static void checkFinite(String name, float[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i]))
                throw new IllegalArgumentException(name + "[" + i + "] is " + a[i] + "; " + name
                        + " must be finite (or use NonFinitePolicy.PROPAGATE)");
        }
    }

    private static void checkLength(String name, int actual, long expected, String formula) {
        require(actual == expected, name + " must have " + formula + " elements, got " + actual);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException(message);
    }
}
