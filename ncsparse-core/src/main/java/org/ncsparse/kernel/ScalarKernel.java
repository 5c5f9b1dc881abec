package org.ncsparse.kernel;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.select.RowSelector;

/**
 * Plain-Java float kernel, the fallback when the Vector API is absent. Exact attention streams over
 * key blocks with an online softmax: for each block, m' = max(m, max_j l_j), the running sum and
 * accumulator are rescaled by exp(m - m') before adding the block's exp(l_j - m') terms.
 * Sparse attention writes one row of logits (O(n) scratch), selects, then aggregates the kept rows of V.
 */
public final class ScalarKernel implements AttentionKernel {
    public static final ScalarKernel INSTANCE = new ScalarKernel();
    static final int KEY_BLOCK = 256;

    private ScalarKernel() {}

    @Override public String name() { return "scalar"; }

    @Override
    public void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        if (r.budget() == null) exact(r, head, rowStart, rowEnd, out);
        else sparse(r, head, rowStart, rowEnd, out);
    }

    private static void exact(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int d = r.d(), dv = r.dv();
        float[] q = r.q(), k = r.k(), v = r.v(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv), vOff = r.valueOffset(kv);
        float scale = r.scale();
        float[] scores = new float[KEY_BLOCK], acc = new float[dv];
        for (int i = rowStart; i < rowEnd; i++) {
            int vis = r.visible(i), qOff = r.queryOffset(head, i), bOff = r.biasOffset(head, i);
            float runMax = Float.NEGATIVE_INFINITY, runSum = 0;
            java.util.Arrays.fill(acc, 0);
            for (int j0 = 0; j0 < vis; j0 += KEY_BLOCK) {
                int len = Math.min(KEY_BLOCK, vis - j0);
                float blockMax = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < len; t++) {
                    int kr = kOff + (j0 + t) * d;
                    float dot = 0;
                    for (int c = 0; c < d; c++) dot += q[qOff + c] * k[kr + c];
                    float l = scale * dot + (bOff < 0 ? 0 : bias[bOff + j0 + t]);
                    scores[t] = l;
                    blockMax = Math.max(blockMax, l);
                }
                if (blockMax == Float.NEGATIVE_INFINITY) continue; // block fully masked
                float newMax = Math.max(runMax, blockMax);
                float rescale = (float) Math.exp(runMax - newMax);
                runSum *= rescale;
                for (int c = 0; c < dv; c++) acc[c] *= rescale;
                for (int t = 0; t < len; t++) {
                    float w = (float) Math.exp(scores[t] - newMax);
                    runSum += w;
                    int vr = vOff + (j0 + t) * dv;
                    for (int c = 0; c < dv; c++) acc[c] += w * v[vr + c];
                }
                runMax = newMax;
            }
            int o = r.outputOffset(head, i);
            float inv = 1f / runSum;
            for (int c = 0; c < dv; c++) out[o + c] = acc[c] * inv;
        }
    }

    private static void sparse(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int n = r.n(), d = r.d(), dv = r.dv();
        float[] q = r.q(), k = r.k(), v = r.v(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv), vOff = r.valueOffset(kv);
        float scale = r.scale();
        BudgetPolicy budget = r.budget();
        SelectionObserver observer = r.observer();
        float[] logits = new float[n], acc = new float[dv];
        int[] kept = new int[n];
        RowSelector selector = new RowSelector(n);
        for (int i = rowStart; i < rowEnd; i++) {
            int vis = r.visible(i), qOff = r.queryOffset(head, i), bOff = r.biasOffset(head, i);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < vis; j++) {
                int kr = kOff + j * d;
                float dot = 0;
                for (int c = 0; c < d; c++) dot += q[qOff + c] * k[kr + c];
                logits[j] = scale * dot + (bOff < 0 ? 0 : bias[bOff + j]);
                max = Math.max(max, logits[j]);
            }
            int count = selector.select(budget, logits, vis, kept);
            java.util.Arrays.fill(acc, 0);
            double keptSum = 0;
            for (int t = 0; t < count; t++) {
                int j = kept[t];
                float w = (float) Math.exp(logits[j] - max);
                keptSum += w;
                int vr = vOff + j * dv;
                for (int c = 0; c < dv; c++) acc[c] += w * v[vr + c];
            }
            int o = r.outputOffset(head, i);
            float inv = (float) (1 / keptSum);
            for (int c = 0; c < dv; c++) out[o + c] = acc[c] * inv;
            if (observer != null) {
                double total = 0;
                for (int j = 0; j < vis; j++) total += Math.exp(logits[j] - max);
                observer.onRow(head, i, vis, kept, count, keptSum / total);
            }
        }
    }
}
