package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.kernel.RowPipeline;

/**
 * One query row at a time, SIMD along the head dimension: the path for few rows (decode: one query
 * against a KV cache) and for data-dependent budgets (threshold, mass, sink/window, unions). Per
 * row: the n_i logits l_j = s q.k_j + b_j into one O(n) scratch row (K read once), then the shared
 * {@link RowPipeline}: the exact softmax or the selector's kept set T, and
 * O = sum_{j in T} e^(l_j - max) v_j / sum e^(..) reading only the kept rows of V.
 */
final class RowKernel {
    private RowKernel() {}

    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int d = r.d();
        float[] q = r.q(), k = r.k(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv);
        RowPipeline pipe = Scratch.get().pipeline;
        RowPipeline.Values values = RowPipeline.flat(r.v(), r.valueOffset(kv), r.dv());
        float[] row = pipe.logits(r.n());
        for (int i = rowStart; i < rowEnd; i++) {
            int vis = r.visible(i), bOff = r.biasOffset(head, i);
            logits(q, r.queryOffset(head, i), k, kOff, d, vis, r.scale(), row);
            if (bOff >= 0) for (int j = 0; j < vis; j++) row[j] += bias[bOff + j];
            pipe.finish(head, i, vis, r.budget(), values, r.dv(), out, r.outputOffset(head, i), r.observer());
        }
    }

    /** row[j] = scale * q . k_j for j < vis, four keys per pass (four independent FMA chains). */
    static void logits(float[] q, int qOff, float[] k, int kOff, int d, int vis, float scale, float[] row) {
        int bound = S.loopBound(d), j = 0;
        for (; j + 4 <= vis; j += 4) {
            int k0 = kOff + j * d, k1 = k0 + d, k2 = k1 + d, k3 = k2 + d;
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
            for (int c = 0; c < bound; c += L) {
                FloatVector x = FloatVector.fromArray(S, q, qOff + c);
                a0 = x.fma(FloatVector.fromArray(S, k, k0 + c), a0);
                a1 = x.fma(FloatVector.fromArray(S, k, k1 + c), a1);
                a2 = x.fma(FloatVector.fromArray(S, k, k2 + c), a2);
                a3 = x.fma(FloatVector.fromArray(S, k, k3 + c), a3);
            }
            float s0 = Vec.sumLanes(a0), s1 = Vec.sumLanes(a1);
            float s2 = Vec.sumLanes(a2), s3 = Vec.sumLanes(a3);
            for (int c = bound; c < d; c++) {
                float x = q[qOff + c];
                s0 += x * k[k0 + c]; s1 += x * k[k1 + c]; s2 += x * k[k2 + c]; s3 += x * k[k3 + c];
            }
            row[j] = scale * s0; row[j + 1] = scale * s1; row[j + 2] = scale * s2; row[j + 3] = scale * s3;
        }
        for (; j < vis; j++) {
            int k0 = kOff + j * d;
            FloatVector a0 = FloatVector.zero(S);
            for (int c = 0; c < bound; c += L) a0 = FloatVector.fromArray(S, q, qOff + c).fma(FloatVector.fromArray(S, k, k0 + c), a0);
            float s0 = Vec.sumLanes(a0);
            for (int c = bound; c < d; c++) s0 += q[qOff + c] * k[k0 + c];
            row[j] = scale * s0;
        }
    }
}
