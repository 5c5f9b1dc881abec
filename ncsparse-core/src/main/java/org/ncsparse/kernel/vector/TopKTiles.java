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

/**
 * Exact top-k attention for tiles of BR query rows, reading K once and no n-long row. Logits come
 * block by block from the same register-tiled product as {@link DenseTiles} (S^T, keys x BR); the
 * first block is long ({@link #SEGMENT} keys, kept in L2), the later ones are the dense kernel's
 * key blocks (in L1). For each block:
 * <ol>
 *   <li>{@link SegmentBound} raises each row's bound t_i on its k-th largest logit from its
 *       candidates and the block's sub-block maxima, before any key of the block is admitted: the
 *       long first block alone gives a bound close to the final one (about k keys admitted per row,
 *       not every key until a buffer fills), later blocks admit about k / (keys seen) per key;</li>
 *   <li>a sub-block enters row i only if its maximum is &gt;= t_i (one vector compare per sub-block
 *       and 16 rows; the passing (sub-block, row) pairs are listed branch-free), and then its keys
 *       with l_ij &gt;= t_i are gathered and compressed onto the row's {@link RowCandidates}.</li>
 * </ol>
 * Every key dropped is below a value that k other keys reach, so it is not in the top k; the exact
 * cut (ties to the lower index, candidates being in key order) runs once per row at the end.
 * Finally O'_i = sum_{j in T_i} e^(l_ij - max) v_j / sum_{j in T_i} e^(l_ij - max), k rows of V.
 */
final class TopKTiles {
    private TopKTiles() {}

    /** Keys in the first block: its logit tile (SEGMENT x BR floats, 256 KB at 512 bits) stays in a 1 MB L2. */
    static final int SEGMENT = Integer.getInteger("ncsparse.topk.segment", 256 * 1024 / (4 * QueryTile.BR));

    /** Keys per sub-block after the first block (the first has about 4k sub-blocks, for a tight bound). */
    private static final int LATER_BLOCK = Math.min(8, L);

    private static final int[] LANE_IOTA = iota();

    private static int[] iota() {
        int[] a = new int[L];
        for (int i = 0; i < L; i++) a[i] = i;
        return a;
    }

    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out, CountBudget budget) {
        compute(r, head, rowStart, rowEnd, out, budget, SEGMENT);
    }

    /** As above with a given first-block length (tests use short ones). */
    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out, CountBudget budget, int segment) {
        int d = r.d();
        float[] q = r.q(), k = r.k(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv);
        SelectionObserver observer = r.observer();
        Scratch s = Scratch.get();
        int first = Math.max(segment, TilePlan.KB);
        float[] qt = s.qt = Scratch.grow(s.qt, d * BR), sg = s.seg = Scratch.grow(s.seg, (first + L) * BR); // + L keys: gathers read whole vectors (masked)
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR); // filled by scores, unused here
        float[] runMax = s.runMax = Scratch.grow(s.runMax, BR), runSum = s.runSum = Scratch.grow(s.runSum, BR);
        float[] thr = s.thr = Scratch.grow(s.thr, BR), kf = s.kf = Scratch.grow(s.kf, BR), above = s.above = Scratch.grow(s.above, BR);
        float[] work = s.work = Scratch.grow(s.work, 3 * L);
        int[] kOf = s.budget = Scratch.grow(s.budget, 2 * BR), count = s.candCount = Scratch.grow(s.candCount, BR);
        for (int r0 = rowStart; r0 < rowEnd; r0 += BR) {
            int rows = Math.min(BR, rowEnd - r0), kMax = 1;
            for (int i = 0; i < BR; i++) {
                kOf[i] = i < rows ? budget.k(r.visible(r0 + i)) : 1;
                kf[i] = kOf[i];
                kMax = Math.max(kMax, kOf[i]);
            }
            for (int i = 0; i < rows; i++) if (bias != null) kOf[BR + i] = r.biasOffset(head, r0 + i);
            // first-block sub-blocks: about 4k of them, so the k-th largest maximum is close to the k-th largest logit
            // (8k made a tighter bound but more sub-blocks to list and gather: 10-15% slower at n = 1024-4096, d = 64, Zen 5)
            int b1 = Math.max(2, Math.min(LATER_BLOCK, Math.min(first, r.visible(r0 + rows - 1)) / (4 * kMax)));
            float[] bm = s.subMax = Scratch.grow(s.subMax, ((first + b1 - 1) / b1) * BR);
            int cap = (4 * kMax + 2 * L + 32 + L - 1) / L * L; // slots per row; overflow cuts the row to exactly k
            float[] cand = s.cand = Scratch.grow(s.cand, BR * cap);
            int[] idx = s.candIdx = Scratch.grow(s.candIdx, BR * cap);
            QueryTile.loadQueries(q, r.queryOffset(head, r0), d, rows, r.scale(), qt);
            java.util.Arrays.fill(count, 0, BR, 0);
            java.util.Arrays.fill(above, 0, BR, 0f);
            java.util.Arrays.fill(thr, 0, rows, -Float.MAX_VALUE); // admits every finite logit, never a masked one
            java.util.Arrays.fill(thr, rows, BR, Float.POSITIVE_INFINITY); // padding lanes admit nothing
            java.util.Arrays.fill(runMax, 0, BR, Float.NEGATIVE_INFINITY);
            java.util.Arrays.fill(runSum, 0, BR, 0f);
            int jEnd = r.visible(r0 + rows - 1), jAll = r.visible(r0);
            for (int s0 = 0, len; s0 < jEnd; s0 += len) {
                len = Math.min(s0 == 0 ? first : TilePlan.KB, jEnd - s0);
                QueryTile.scores(k, kOff + s0 * d, d, len, qt, sg, bmax);
                if (bias != null) QueryTile.addBias(bias, kOf, BR, rows, s0, len, sg);
                if (s0 + len > jAll) QueryTile.maskCausal(r0, r.causalOffset(), s0, len, sg);
                if (observer != null) logSumExpStep(len, sg, runMax, runSum);
                int b = s0 == 0 ? b1 : LATER_BLOCK;
                int units = SegmentBound.subBlockMaxima(sg, len, b, bm);
                SegmentBound.raise(bm, units, cand, count, cap, kf, thr, above, work);
                compactLanes(cand, idx, count, cap, thr, above);
                admit(s0, len, b, units, sg, bm, thr, cand, idx, count, above, kOf, cap, s);
            }
            for (int i = 0; i < rows; i++) finishRow(r, head, r0 + i, i, kOf[i], cap, s, out);
        }
    }

    /**
     * For each sub-block whose maximum reaches a row's bound, appends that row's keys of the block
     * with l &gt;= bound to its candidates, in key order. The (sub-block, lane) pairs of a lane group
     * are first listed branch-free (lane indices compressed by the pass mask), then each pair is one
     * gather, compare and compressed store.
     */
    private static void admit(int s0, int len, int b, int units, float[] sg, float[] bm, float[] thr, float[] cand,
                              int[] idx, int[] count, float[] above, int[] kOf, int cap, Scratch s) {
        int[] ev = s.events = Scratch.grow(s.events, units * L + L);
        IntVector lanes = IntVector.fromArray(Vec.SI, LANE_IOTA, 0);
        for (int r = 0; r < R; r++) {
            int lo = r * L, e = 0;
            FloatVector t = FloatVector.fromArray(S, thr, lo);
            for (int u = 0; u < units; u++) { // event = u * BR + lane, in (u, lane) order
                VectorMask<Float> pass = FloatVector.fromArray(S, bm, u * BR + lo).compare(VectorOperators.GE, t);
                lanes.add(u * BR + lo).compress(pass.cast(Vec.SI)).intoArray(ev, e);
                e += pass.trueCount();
            }
            for (int i = 0; i < e; i++) {
                int u = ev[i] / BR, lane = ev[i] - u * BR;
                if (count[lane] + 2 * L > cap) { count[lane] = cutLane(cand, idx, lane, count[lane], kOf[lane], cap, thr); above[lane] = count[lane]; }
                int j0 = u * b, p = RowCandidates.append(sg, j0, Math.min(b, len - j0), lane, thr[lane], s0, cand, idx, lane * cap + count[lane]);
                count[lane] += p;
                above[lane] += p;
            }
        }
    }

    /** Drops, in lanes where most candidates fell below the raised bound, those below it (order kept). */
    private static void compactLanes(float[] cand, int[] idx, int[] count, int cap, float[] thr, float[] above) {
        for (int lane = 0; lane < BR; lane++)
            if (count[lane] >= 4 * L && above[lane] * 2 <= count[lane])
                count[lane] = RowCandidates.compact(cand, idx, lane * cap, count[lane], thr[lane]);
    }

    /** A full lane (adversarial key order): cuts it to exactly its k largest and raises its bound to the k-th. */
    private static int cutLane(float[] cand, int[] idx, int lane, int c, int k, int cap, float[] thr) {
        int base = lane * cap;
        RowCandidates.keepTopK(cand, idx, base, c, k);
        thr[lane] = Math.max(thr[lane], RowCandidates.min(cand, base, k)); // the k-th largest
        return k;
    }

    /** Online log-sum-exp per row (only for the observer's kept mass): runSum = sum_j e^(l_j - runMax). */
    private static void logSumExpStep(int len, float[] st, float[] runMax, float[] runSum) {
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector bm = Vec.negInf();
            for (int j = 0, o = lo; j < len; j++, o += BR) bm = bm.max(FloatVector.fromArray(S, st, o));
            FloatVector oldMax = FloatVector.fromArray(S, runMax, lo), newMax = oldMax.max(bm);
            FloatVector shift = Vec.safeShift(newMax), sum = FloatVector.zero(S);
            for (int j = 0, o = lo; j < len; j++, o += BR) sum = sum.add(ExactExp.exp(FloatVector.fromArray(S, st, o).sub(shift)));
            FloatVector.fromArray(S, runSum, lo).fma(ExactExp.exp(oldMax.sub(shift)), sum).intoArray(runSum, lo);
            newMax.intoArray(runMax, lo);
        }
    }

    /**
     * The row's k largest candidates (ties to the lower index, candidates being in key order), then
     * O = sum_t e^(l_t - max) v_t / sum_t e^(l_t - max) over them; reports to the observer.
     */
    private static void finishRow(AttentionRequest r, int head, int row, int lane, int k, int cap, Scratch s, float[] out) {
        int base = lane * cap, c = RowCandidates.keepTopK(s.cand, s.candIdx, base, s.candCount[lane], k);
        int padded = (c + L - 1) / L * L; // the -inf pads give weight 0: no scalar exp tail
        float[] w = s.pipeline.weights(padded);
        System.arraycopy(s.cand, base, w, 0, padded);
        int[] keys = s.candIdx;
        float max = VectorRowOps.max(w, 0, padded);
        int dv = r.dv(), kv = r.kvHeadOf(head);
        float[] acc = s.acc = Scratch.grow(s.acc, dv);
        double keptSum = RowOps.expShiftInPlace(w, padded, max); // w_t = e^(l_t - max)
        GatherRows.accumulate(w, keys, base, c, r.v(), r.valueOffset(kv), dv, acc);
        RowOps.normalise(acc, keptSum, out, r.outputOffset(head, row), dv);
        SelectionObserver observer = r.observer();
        if (observer != null) {
            int[] kept = s.keptOut = Scratch.grow(s.keptOut, Math.max(k, 1));
            int count = RowCandidates.keptIndices(keys, base, c, k, r.visible(row), kept);
            double total = s.runSum[lane] * Math.exp(s.runMax[lane] - (double) max); // the row's sum of e^(l - max)
            observer.onRow(head, row, r.visible(row), kept, count, RowOps.keptMass(keptSum, total));
        }
    }
}
