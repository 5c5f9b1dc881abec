package org.ncsparse.kernel;

import org.ncsparse.attention.AttentionRequest;

/**
 * Plain-Java float kernel, the fallback when the Vector API is absent: per query row, the logits
 * l_j = s q.k_j + b_j into one O(n) row, then the shared {@link RowPipeline} (max, selection, exp
 * weights, aggregation of the kept rows of V, normalisation, observer).
 */
public final class ScalarKernel implements AttentionKernel {
    public static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {}

    @Override public String name() { return "scalar"; }

    @Override
    public void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int d = r.d();
        float[] q = r.q(), k = r.k(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv);
        float scale = r.scale();
        RowPipeline pipe = new RowPipeline();
        RowPipeline.Values values = RowPipeline.flat(r.v(), r.valueOffset(kv), r.dv());
        float[] logits = pipe.logits(r.n());
        for (int i = rowStart; i < rowEnd; i++) {
            int vis = r.visible(i), qOff = r.queryOffset(head, i), bOff = r.biasOffset(head, i);
            for (int j = 0; j < vis; j++) {
                int kr = kOff + j * d;
                float dot = 0;
                for (int c = 0; c < d; c++) dot += q[qOff + c] * k[kr + c];
                logits[j] = scale * dot + (bOff < 0 ? 0 : bias[bOff + j]);
            }
            pipe.finish(head, i, vis, r.budget(), values, r.dv(), out, r.outputOffset(head, i), r.observer());
        }
    }
}
