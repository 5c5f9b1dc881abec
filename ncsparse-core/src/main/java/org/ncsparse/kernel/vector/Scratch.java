package org.ncsparse.kernel.vector;

/**
 * Per-thread working memory of the vector kernels, grown on demand and reused across calls, so the
 * hot path allocates nothing. Sizes are O(tile x d) plus, for top-k, O(tile x (k + first key
 * block)); only the row path (few query rows, e.g. decode) holds one O(n) logit row.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    static Scratch get() { return LOCAL.get(); }

    float[] qt = new float[0], st = new float[0], ot = new float[0];
    float[] runMax = new float[0], runSum = new float[0], thr = new float[0], bmax = new float[0];
    float[] row = new float[0], acc = new float[0], cand = new float[0], work = new float[0];
    float[] seg = new float[0], subMax = new float[0], kf = new float[0], above = new float[0], pv = new float[0];
    int[] events = new int[0], keptOut = new int[0], candIdx = new int[0], candCount = new int[0], budget = new int[0];

    final org.ncsparse.kernel.RowPipeline pipeline = new org.ncsparse.kernel.RowPipeline();

    static float[] grow(float[] a, int n) { return a.length >= n ? a : new float[Math.max(n, a.length + (a.length >> 1))]; }
    static int[] grow(int[] a, int n) { return a.length >= n ? a : new int[Math.max(n, a.length + (a.length >> 1))]; }
}
