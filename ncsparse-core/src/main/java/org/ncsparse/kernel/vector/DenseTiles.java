package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.QueryTile.R;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ncsparse.attention.AttentionRequest;

/**
 * Exact attention for tiles of BR query rows, flash-attention style, with the logits kept in base 2
 * (t = l log2 e: the scale s log2 e folded into the queries once, a bias multiplied by log2 e) so the
 * softmax needs {@link ExactExp#exp2}, no reduction by ln 2. For each key block, S^T = t, then per
 * row (lane) the online softmax with a lazily raised shift m:
 *   if max_j t_j > m + TAU:  m' = max_j t_j,  alpha = 2^(m - m'),  sum = alpha sum,  O = alpha O;
 *   p_j = 2^(t_j - m),  sum += sum_j p_j,  O += sum_j p_j v_j,
 * and at the end O / sum. The shift cancels in O / sum, so any m works as long as no p_j overflows:
 * keeping a stale m until the maximum exceeds it by TAU bounds p_j by 2^TAU and skips most rescales
 * of O (with exact m, a row of 16 lanes rescales in most key blocks while the maxima still grow).
 * Each lane decides alone, so results do not depend on which rows share a tile.
 * Key blocks past the last visible key of the tile (causal) are skipped.
 */
final class DenseTiles {
    private DenseTiles() {}

    /** The working state of up to {@link TilePlan#QUERY_TILES} query tiles that share each pass over K and V. */
    private static final class Group {
        float[][] qt = new float[0][], ot = new float[0][], runMax = new float[0][], runSum = new float[0][];
        int[][] biasOff = new int[0][];

        void ensure(int tiles, int d, int dv) {
            if (qt.length < tiles) {
                qt = java.util.Arrays.copyOf(qt, tiles); ot = java.util.Arrays.copyOf(ot, tiles);
                runMax = java.util.Arrays.copyOf(runMax, tiles); runSum = java.util.Arrays.copyOf(runSum, tiles);
                biasOff = java.util.Arrays.copyOf(biasOff, tiles);
            }
            for (int t = 0; t < tiles; t++) {
                qt[t] = Scratch.grow(qt[t] == null ? new float[0] : qt[t], d * BR);
                ot[t] = Scratch.grow(ot[t] == null ? new float[0] : ot[t], dv * BR);
                runMax[t] = Scratch.grow(runMax[t] == null ? new float[0] : runMax[t], BR);
                runSum[t] = Scratch.grow(runSum[t] == null ? new float[0] : runSum[t], BR);
                biasOff[t] = Scratch.grow(biasOff[t] == null ? new int[0] : biasOff[t], BR);
            }
        }
    }

    private static final ThreadLocal<Group> GROUP = ThreadLocal.withInitial(Group::new);

    /**
     * Rows [rowStart, rowEnd) of one head, in groups of up to QUERY_TILES tiles of BR rows: for each
     * key block, every tile of the group in turn computes its logits, softmax step and P V from the
     * same K and V rows, which are then still in L1/L2; one tile per pass would stream all of K and V
     * from L3 once per BR rows as soon as they outgrow L2 (n = 4096, d = 64: 2 MB). The key block's
     * value rows are packed once per group ({@link QueryTile#packValues}: a constant row stride, so the
     * P V loops run without per-key range checks) and read by every tile. Each tile's arithmetic is the
     * same whatever the group, so the grouping never changes a bit.
     */
    static void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int d = r.d(), dv = r.dv();
        float[] q = r.q(), k = r.k(), v = r.v(), bias = r.bias();
        int kv = r.kvHeadOf(head), kOff = r.keyOffset(kv), vOff = r.valueOffset(kv);
        Scratch s = Scratch.get();
        int kb = TilePlan.KB, group = TilePlan.QUERY_TILES;
        float[] st = s.st = Scratch.grow(s.st, kb * BR);
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR);
        Group g = GROUP.get();
        g.ensure(Math.min(group, (rowEnd - rowStart + BR - 1) / BR), d, dv);
        float qScale = r.scale() * ExactExp.LOG2E;
        boolean shared = dv <= QueryTile.PACK_COLS; // each key block's values packed once for every tile of a group
        for (int g0 = rowStart; g0 < rowEnd; g0 += group * BR) {
            int tiles = Math.min(group, (rowEnd - g0 + BR - 1) / BR);
            for (int t = 0; t < tiles; t++) {
                int r0 = g0 + t * BR, rows = Math.min(BR, rowEnd - r0);
                QueryTile.loadQueries(q, r.queryOffset(head, r0), d, rows, qScale, g.qt[t]);
                java.util.Arrays.fill(g.ot[t], 0, dv * BR, 0f);
                java.util.Arrays.fill(g.runMax[t], 0, BR, Float.NEGATIVE_INFINITY);
                java.util.Arrays.fill(g.runSum[t], 0, BR, 0f);
                if (bias != null) for (int i = 0; i < rows; i++) g.biasOff[t][i] = r.biasOffset(head, r0 + i);
            }
            int groupEnd = Math.min(rowEnd, g0 + tiles * BR), jGroup = r.visible(groupEnd - 1);
            for (int j0 = 0; j0 < jGroup; j0 += kb) {
                if (shared) {
                    int lenGroup = Math.min(kb, jGroup - j0);
                    s.pv = Scratch.grow(s.pv, QueryTile.packedLength(lenGroup));
                    QueryTile.packValues(v, vOff + j0 * dv, dv, 0, dv, lenGroup, s.pv);
                }
                for (int t = 0; t < tiles; t++) {
                    int r0 = g0 + t * BR, rows = Math.min(BR, rowEnd - r0);
                    int jEnd = r.visible(r0 + rows - 1), jAll = r.visible(r0); // keys seen by the last / every row
                    if (j0 >= jEnd) continue;
                    int len = Math.min(kb, jEnd - j0);
                    java.util.Arrays.fill(bmax, 0, BR, Float.NEGATIVE_INFINITY);
                    QueryTile.scores(k, kOff + j0 * d, d, len, g.qt[t], st, bmax);
                    boolean edited = bias != null || j0 + len > jAll; // bias or mask change the block maximum
                    if (bias != null) addBiasBase2(bias, g.biasOff[t], rows, j0, len, st);
                    if (j0 + len > jAll) QueryTile.maskCausal(r0, r.causalOffset(), j0, len, st);
                    if (ABLATE != Ablate.SOFTMAX) softmaxStep(len, st, edited ? null : bmax, g.runMax[t], g.runSum[t], g.ot[t], dv);
                    if (ABLATE == Ablate.PV) continue;
                    if (shared) QueryTile.accumulatePacked(s.pv, 0, dv, len, st, g.ot[t]);
                    else QueryTile.accumulate(v, vOff + j0 * dv, dv, len, st, g.ot[t], s);
                }
            }
            for (int t = 0; t < tiles; t++) {
                int r0 = g0 + t * BR, rows = Math.min(BR, rowEnd - r0);
                float[] ot = g.ot[t], runSum = g.runSum[t];
                for (int i = 0; i < rows; i++) {
                    int o = r.outputOffset(head, r0 + i);
                    float inv = 1f / runSum[i];
                    for (int c = 0; c < dv; c++) out[o + c] = ot[c * BR + i] * inv;
                }
            }
        }
    }

    /** A phase of the dense kernel left out, for measuring what each phase costs (never in normal use). */
    enum Ablate { NONE, SOFTMAX, PV }

    /**
     * Measurement only: {@code -Dncsparse.measure.ablate=softmax|pv} leaves the softmax step or the
     * P V product out of every key block, so the outputs are wrong; the time of the whole kernel minus
     * the time without a phase is what that phase costs (docs/KERNELS.md, "Where the time goes").
     * A static final, so C2 folds the test away when it is unset.
     */
    static final Ablate ABLATE = ablate(System.getProperty("ncsparse.measure.ablate", "none"));

    private static Ablate ablate(String name) {
        Ablate a;
        try {
            a = Ablate.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ncsparse.measure.ablate must be none, softmax or pv, got '" + name + "'");
        }
        if (a != Ablate.NONE)
            System.err.println("ncsparse: -Dncsparse.measure.ablate=" + name + ": the dense kernel leaves its " + a.name().toLowerCase(java.util.Locale.ROOT) + " phase out; every dense attention output is WRONG (for timing phases only)");
        return a;
    }

    /** Lag of the shift behind the running maximum (base 2) before O is rescaled: p_j <= 2^8. */
    static final float TAU = 8f;

    /** S^T[j][i] += log2(e) * bias[bOff(i) + j0 + j] for the real rows. */
    private static void addBiasBase2(float[] bias, int[] rowBiasOff, int rows, int j0, int len, float[] st) {
        for (int j = 0; j < len; j++)
            for (int i = 0; i < rows; i++) st[j * BR + i] += ExactExp.LOG2E * bias[rowBiasOff[i] + j0 + j];
    }

    /**
     * Turns S^T (base-2 logits) into P^T = 2^(t - m) in place, raising the shift m of the lanes whose
     * block maximum exceeds it by more than TAU and rescaling their running sum and O^T column;
     * {@code bmax} holds the block's lane maxima when the scores pass found them, else null.
     */
    static void softmaxStep(int len, float[] st, float[] bmax, float[] runMax, float[] runSum, float[] ot, int dv) {
        // one method, no helpers taking vectors: C2 does not always inline those, and a call boxes its vectors
        for (int r = 0; r < R; r++) {
            int lo = r * L;
            FloatVector bm;
            if (bmax != null) bm = FloatVector.fromArray(S, bmax, lo);
            else {
                bm = Vec.negInf();
                for (int j = 0, o = lo; j < len; j++, o += BR) { // max by compare and blend (see QueryTile.scores6)
                    FloatVector t = FloatVector.fromArray(S, st, o);
                    bm = bm.blend(t, t.compare(VectorOperators.GT, bm));
                }
            }
            FloatVector m = FloatVector.fromArray(S, runMax, lo);
            VectorMask<Float> grow = bm.compare(VectorOperators.GT, m.add(TAU)); // -inf + TAU = -inf: a first finite maximum always raises
            FloatVector raised = m.blend(bm, grow);
            FloatVector shift = raised.blend(0f, raised.eq(Float.NEGATIVE_INFINITY)), sum = FloatVector.zero(S); // -inf (a fully masked lane) shifts by 0
            if (grow.anyTrue()) {
                FloatVector alpha = ExactExp.exp2(m.sub(shift)); // exactly 1 in the other lanes
                FloatVector.fromArray(S, runSum, lo).mul(alpha).intoArray(runSum, lo);
                for (int c = 0, o = lo; c < dv; c++, o += BR) FloatVector.fromArray(S, ot, o).mul(alpha).intoArray(ot, o);
                raised.intoArray(runMax, lo);
            }
            for (int j = 0, o = lo; j < len; j++, o += BR) {
                FloatVector p = ExactExp.exp2(FloatVector.fromArray(S, st, o).sub(shift));
                p.intoArray(st, o);
                sum = sum.add(p);
            }
            FloatVector.fromArray(S, runSum, lo).add(sum).intoArray(runSum, lo);
        }
    }
}
