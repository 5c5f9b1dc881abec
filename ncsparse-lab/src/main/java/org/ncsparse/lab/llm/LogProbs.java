package org.ncsparse.lab.llm;

/** Next-token distributions from logits, in double precision: log-softmax, KL divergence, argmax. */
public final class LogProbs {
    private LogProbs() {}

    /** out[v] = logits[v] − log Σ_u exp(logits[u]) (max subtracted first). */
    public static void logSoftmax(float[] logits, int vocab, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) max = Math.max(max, logits[v]);
        if (!Double.isFinite(max)) throw new IllegalArgumentException("logits are not finite (max " + max + ")");
        double z = 0;
        for (int v = 0; v < vocab; v++) z += Math.exp(logits[v] - max);
        double lse = max + Math.log(z);
        for (int v = 0; v < vocab; v++) out[v] = logits[v] - lse;
    }

    /** KL(p‖q) = Σ_v p_v (log p_v − log q_v) for log-probabilities lp, lq; terms with p_v = 0 add nothing. */
    public static double kl(double[] lp, double[] lq, int vocab) { return kl(lp, 0, lq, vocab); }

    /** KL(p‖q) with p's log-probabilities at lp[off .. off + vocab). */
    public static double kl(double[] lp, int off, double[] lq, int vocab) {
        double s = 0;
        for (int v = 0; v < vocab; v++) {
            double p = Math.exp(lp[off + v]);
            if (p > 0) s += p * (lp[off + v] - lq[v]);
        }
        return Math.max(0, s); // rounding can leave −1e-17 for identical rows
    }

    /** Index of the largest value (lowest index on ties). */
    public static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    public static int argmax(double[] x, int n) { return argmax(x, 0, n); }

    /** Index (relative to off) of the largest of x[off .. off + n). */
    public static int argmax(double[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[off + i] > x[off + best]) best = i;
        return best;
    }
}
