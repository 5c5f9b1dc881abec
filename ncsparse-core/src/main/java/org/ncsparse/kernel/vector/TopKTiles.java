package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.QueryTile.R;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.kernel.RowOps;
import org.ncsparse.kernel.RowPipeline;

/**
 * Exact top-k attention for tiles of BR query rows, reading K once and no n-long row: logits come
 * block by block as in {@link DenseTiles}; each row keeps a candidate buffer and a running
 * threshold t_i = its current k-th largest logit (-inf until the buffer first fills). A key enters
 * row i only if l_ij > t_i (one vector compare per key for 16 rows; after the first few blocks
 * almost nothing passes), so no quickselect runs over whole rows. Strict '>' is exact for the
 * tie rule: an equal logit arriving later has a higher index and ranks below the k kept ones.
 * Finally O'_i = sum_{j in T_i} e^(l_ij - max) v_j / sum_{j in T_i} e^(l_ij - max), k rows of V.
 */
final class TopKTiles {
    private TopKTiles() {}

    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out, CountBudget budget) {
        int d = r.d(), dv = r.dv();
        float[] q = r.q(), k = r.k(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv);
        SelectionObserver observer = r.observer();
        RowPipeline.Values values = RowPipeline.flat(r.v(), r.valueOffset(kv), r.dv());
        Scratch s = Scratch.get();
        int kb = TilePlan.KB;
        float[] qt = s.qt = Scratch.grow(s.qt, d * BR), st = s.st = Scratch.grow(s.st, kb * BR);
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR); // filled by scores, unused here
        float[] runMax = s.runMax = Scratch.grow(s.runMax, BR), runSum = s.runSum = Scratch.grow(s.runSum, BR);
        float[] thr = s.thr = Scratch.grow(s.thr, BR);
        int[] kOf = s.budget = Scratch.grow(s.budget, 2 * BR), count = s.candCount = Scratch.grow(s.candCount, BR);
        for (int r0 = rowStart; r0 < rowEnd; r0 += BR) {
            int rows = Math.min(BR, rowEnd - r0), kMax = 1;
            for (int i = 0; i < rows; i++) { kOf[i] = budget.k(r.visible(r0 + i)); kMax = Math.max(kMax, kOf[i]); }
            for (int i = 0; i < rows; i++) if (bias != null) kOf[BR + i] = r.biasOffset(head, r0 + i);
            int cap = 4 * kMax + 16; // shrinking to ~1.25k leaves room for ~2.75k admissions
            float[] cand = s.cand = Scratch.grow(s.cand, BR * cap);
            int[] idx = s.candIdx = Scratch.grow(s.candIdx, BR * cap);
            QueryTile.loadQueries(q, r.queryOffset(head, r0), d, rows, r.scale(), qt);
            java.util.Arrays.fill(count, 0, BR, 0);
            java.util.Arrays.fill(thr, 0, rows, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(thr, rows, BR, Float.POSITIVE_INFINITY); // padding lanes admit nothing
            java.util.Arrays.fill(runMax, 0, BR, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(runSum, 0, BR, 0f);
            int jEnd = r.visible(r0 + rows - 1), jAll = r.visible(r0);
            for (int j0 = 0; j0 < jEnd; j0 += kb) {
                int len = Math.min(kb, jEnd - j0);
                QueryTile.scores(k, kOff + j0 * d, d, len, qt, st, bmax);
                if (bias != null) QueryTile.addBias(bias, kOf, BR, rows, j0, len, st);
                if (j0 + len > jAll) QueryTile.maskCausal(r0, r.causalOffset(), j0, len, st);
                if (observer != null) logSumExpStep(len, st, runMax, runSum);
                boolean clean = bias == null && j0 + len <= jAll; // no -inf in this block
                collect(j0, len, st, thr, cand, idx, count, kOf, cap, clean, s);
            }
            for (int i = 0; i < rows; i++) finishRow(r, head, r0 + i, i, cap, kOf[i], s, values, out);
        }
    }

    /** Appends every logit above its row's threshold; a full buffer is cut back to the top k. */
    private static void collect(int j0, int len, float[] st, float[] thr, float[] cand, int[] idx,
                                int[] count, int[] kOf, int cap, boolean clean, Scratch s) {
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector t = FloatVector.fromArray(S, thr, lo);
            if (clean && t.eq(Float.NEGATIVE_INFINITY).allTrue() && fits(count, lo, len, cap)) {
                appendAll(j0, len, st, lo, cand, idx, count, cap); // filling: every key passes
                continue;
            }
            // scatter each passing logit and its key index to slot count[lane] of its row's buffer
            IntVector cnt = IntVector.fromArray(Vec.SI, count, lo);
            IntVector rowBase = IntVector.fromArray(Vec.SI, s.laneBase(cap), lo);
            int[] pos = s.pos;
            for (int j = 0, o = lo; j < len; j++, o += BR) {
                FloatVector sv = FloatVector.fromArray(S, st, o);
                VectorMask<Float> pass = sv.compare(VectorOperators.GT, t);
                if (!pass.anyTrue()) continue;
                VectorMask<Integer> passI = pass.cast(Vec.SI);
                rowBase.add(cnt).intoArray(pos, 0);
                sv.intoArray(cand, 0, pos, 0, pass);
                IntVector.broadcast(Vec.SI, j0 + j).intoArray(idx, 0, pos, 0, passI);
                cnt = cnt.add(1, passI);
                if (cnt.compare(VectorOperators.EQ, cap).anyTrue()) { // some row's buffer is full: shrink it
                    cnt.intoArray(count, lo);
                    for (int lane = lo; lane < lo + L; lane++)
                        if (count[lane] == cap) count[lane] = Candidates.shrink(cand, idx, lane * cap, cap, kOf[lane], thr, lane, s);
                    cnt = IntVector.fromArray(Vec.SI, count, lo);
                    t = FloatVector.fromArray(S, thr, lo);
                }
            }
            cnt.intoArray(count, lo);
        }
    }

    private static boolean fits(int[] count, int lo, int len, int cap) {
        for (int l = lo; l < lo + L; l++) if (count[l] + len >= cap) return false; // leave a push to trigger the shrink
        return true;
    }

    /** The fill phase (threshold still -inf, no masked keys): copies the block column by column, no per-key tests. */
    private static void appendAll(int j0, int len, float[] st, int lo, float[] cand, int[] idx, int[] count, int cap) {
        for (int l = lo; l < lo + L; l++) {
            int at = l * cap + count[l];
            for (int j = 0, o = l; j < len; j++, o += BR) { cand[at + j] = st[o]; idx[at + j] = j0 + j; }
            count[l] += len;
        }
    }

    /** Online log-sum-exp per row (only for the observer's kept mass): runSum = sum_j e^(l_j - runMax). */
    private static void logSumExpStep(int len, float[] st, float[] runMax, float[] runSum) {
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector bm = Vec.negInf();
            for (int j = 0, o = lo; j < len; j++, o += BR) bm = bm.max(FloatVector.fromArray(S, st, o));
            FloatVector oldMax = FloatVector.fromArray(S, runMax, lo), newMax = oldMax.max(bm);
            FloatVector shift = Vec.safeShift(newMax), sum = FloatVector.zero(S);
            for (int j = 0, o = lo; j < len; j++, o += BR) sum = sum.add(Vec.exp(FloatVector.fromArray(S, st, o).sub(shift)));
            FloatVector.fromArray(S, runSum, lo).fma(Vec.exp(oldMax.sub(shift)), sum).intoArray(runSum, lo);
            newMax.intoArray(runMax, lo);
        }
    }

    /** Cuts the row's candidates to exactly k, aggregates k rows of V (the shared row pipeline's last steps), reports to the observer. */
    private static void finishRow(AttentionRequest r, int head, int row, int lane, int cap, int k, Scratch s,
                                  RowPipeline.Values values, float[] out) {
        int base = lane * cap, c = s.candCount[lane];
        if (c > k) { Candidates.cut(s.cand, s.candIdx, base, c, k, s); c = k; }
        float[] w = s.pipeline.weights(c);
        System.arraycopy(s.cand, base, w, 0, c);
        float max = RowOps.max(w, c);
        int dv = r.dv();
        float[] acc = s.acc = Scratch.grow(s.acc, dv);
        double keptSum = RowPipeline.aggregate(w, s.candIdx, base, c, max, values, dv, acc); // w_t = e^(l_t - max)
        int o = r.outputOffset(head, row);
        RowOps.normalise(acc, keptSum, out, o, dv);
        SelectionObserver observer = r.observer();
        if (observer != null) {
            int[] kept = s.kept = Scratch.grow(s.kept, Math.max(k, 1));
            int count = Candidates.keptIndices(s.candIdx, base, c, k, r.visible(row), kept);
            double total = s.runSum[lane] * Math.exp(s.runMax[lane] - (double) max); // the row's sum of e^(l - max)
            observer.onRow(head, row, r.visible(row), kept, count, RowOps.keptMass(keptSum, total));
        }
    }
}
