package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.QueryTile.R;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.ncsparse.attention.AttentionRequest;

/**
 * Exact attention for tiles of BR query rows, flash-attention style: for each key block,
 * S^T = logits, then per row (lane) the online softmax
 *   m' = max(m, max_j l_j),  alpha = e^(m - m'),  p_j = e^(l_j - m'),
 *   sum' = alpha * sum + sum_j p_j,  O' = alpha * O + sum_j p_j v_j,
 * and at the end O / sum. Key blocks past the last visible key of the tile (causal) are skipped.
 */
final class DenseTiles {
    private DenseTiles() {}

    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int d = r.d(), dv = r.dv();
        float[] q = r.q(), k = r.k(), v = r.v(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv), vOff = r.valueOffset(kv);
        Scratch s = Scratch.get();
        int kb = TilePlan.KB;
        float[] qt = s.qt = Scratch.grow(s.qt, d * BR), st = s.st = Scratch.grow(s.st, kb * BR);
        float[] ot = s.ot = Scratch.grow(s.ot, dv * BR);
        float[] runMax = s.runMax = Scratch.grow(s.runMax, BR), runSum = s.runSum = Scratch.grow(s.runSum, BR);
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR);
        int[] biasOff = s.budget = Scratch.grow(s.budget, BR);
        for (int r0 = rowStart; r0 < rowEnd; r0 += BR) {
            int rows = Math.min(BR, rowEnd - r0);
            QueryTile.loadQueries(q, r.queryOffset(head, r0), d, rows, r.scale(), qt);
            java.util.Arrays.fill(ot, 0, dv * BR, 0f);
            java.util.Arrays.fill(runMax, 0, BR, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(runSum, 0, BR, 0f);
            if (bias != null) for (int i = 0; i < rows; i++) biasOff[i] = r.biasOffset(head, r0 + i);
            int jEnd = r.visible(r0 + rows - 1), jAll = r.visible(r0); // keys seen by the last / every row
            for (int j0 = 0; j0 < jEnd; j0 += kb) {
                int len = Math.min(kb, jEnd - j0);
                java.util.Arrays.fill(bmax, 0, BR, Float.NEGATIVE_INFINITY);
                QueryTile.scores(k, kOff + j0 * d, d, len, qt, st, bmax);
                boolean edited = bias != null || j0 + len > jAll; // bias or mask change the block maximum
                if (bias != null) QueryTile.addBias(bias, biasOff, 0, rows, j0, len, st);
                if (j0 + len > jAll) QueryTile.maskCausal(r0, r.causalOffset(), j0, len, st);
                softmaxStep(len, st, edited ? null : bmax, runMax, runSum, ot, dv);
                QueryTile.accumulate(v, vOff + j0 * dv, dv, len, st, ot);
            }
            for (int i = 0; i < rows; i++) {
                int o = r.outputOffset(head, r0 + i);
                float inv = 1f / runSum[i];
                for (int c = 0; c < dv; c++) out[o + c] = ot[c * BR + i] * inv;
            }
        }
    }

    /**
     * Turns S^T into P^T = e^(l - m') in place and rescales the running sum and O^T by alpha;
     * {@code bmax} holds the block's lane maxima when the scores pass found them, else null.
     */
    static void softmaxStep(int len, float[] st, float[] bmax, float[] runMax, float[] runSum, float[] ot, int dv) {
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector bm;
            if (bmax != null) bm = FloatVector.fromArray(S, bmax, lo);
            else {
                bm = Vec.negInf();
                for (int j = 0, o = lo; j < len; j++, o += BR) bm = bm.max(FloatVector.fromArray(S, st, o));
            }
            FloatVector oldMax = FloatVector.fromArray(S, runMax, lo), newMax = oldMax.max(bm);
            FloatVector shift = Vec.safeShift(newMax), sum = FloatVector.zero(S);
            for (int j = 0, o = lo; j < len; j++, o += BR) {
                FloatVector p = Vec.exp(FloatVector.fromArray(S, st, o).sub(shift));
                p.intoArray(st, o);
                sum = sum.add(p);
            }
            FloatVector alpha = Vec.exp(oldMax.sub(shift));
            FloatVector.fromArray(S, runSum, lo).fma(alpha, sum).intoArray(runSum, lo);
            newMax.intoArray(runMax, lo);
            if (alpha.compare(VectorOperators.NE, 1f).anyTrue())
                for (int c = 0, o = lo; c < dv; c++, o += BR) FloatVector.fromArray(S, ot, o).mul(alpha).intoArray(ot, o);
        }
    }
}
