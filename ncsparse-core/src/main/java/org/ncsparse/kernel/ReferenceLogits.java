package org.ncsparse.kernel;

import org.ncsparse.attention.AttentionRequest;

/** Double-precision logits and softmax rows of a request: the oracle's arithmetic, in one place. */
public final class ReferenceLogits {
    private ReferenceLogits() {}

    /**
     * Writes l_j = scale * q_i . k_j + bias_ij for the row's visible keys into {@code logits[0..vis)}
     * and returns their maximum. Every product and sum is in double.
     */
    public static double row(AttentionRequest r, int head, int i, double[] logits) {
        int d = r.d(), vis = r.visible(i);
        float[] q = r.q(), k = r.k(), bias = r.bias();
        int qOff = r.queryOffset(head, i), kOff = r.keyOffset(r.kvHeadOf(head)), bOff = r.biasOffset(head, i);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vis; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) dot += (double) q[qOff + c] * k[kOff + j * d + c];
            logits[j] = (double) r.scale() * dot + (bOff < 0 ? 0 : bias[bOff + j]);
            max = Math.max(max, logits[j]);
        }
        return max;
    }

    /**
     * Writes the exact softmax row p_j = exp(l_j - max) / sum_t exp(l_t - max) into {@code p[0..vis)}
     * (the logits are left in {@code logits}) and returns vis.
     */
    public static int probabilities(AttentionRequest r, int head, int i, double[] logits, double[] p) {
        int vis = r.visible(i);
        double max = row(r, head, i, logits), z = 0;
        for (int j = 0; j < vis; j++) z += (p[j] = Math.exp(logits[j] - max));
        for (int j = 0; j < vis; j++) p[j] /= z;
        return vis;
    }
}
