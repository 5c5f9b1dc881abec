package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The candidate buffers of the top-k tiles: row (lane) i owns cand[i*cap, i*cap + cap) and the
 * matching key indices in idx, count[i] of them in use, in ascending key order. The slots from
 * count[i] up to the next multiple of L hold -inf, so counting and compaction run over whole
 * vectors with no scalar tail and no mask. Appends gather the row's logits of one sub-block from
 * the transposed logit tile, keep those &gt;= the row's bound and compress them onto the end: no
 * branch per key, whatever fraction passes.
 */
final class RowCandidates {
    private RowCandidates() {}

    /** GATHER[j] = j * BR: key j of a sub-block in the transposed logit tile, relative to its first key. */
    private static final int[] GATHER = gather();
    private static final int[] IOTA = iota();

    private static int[] gather() {
        int[] g = new int[L];
        for (int j = 0; j < L; j++) g[j] = j * BR;
        return g;
    }

    private static int[] iota() {
        int[] a = new int[L];
        for (int j = 0; j < L; j++) a[j] = j;
        return a;
    }

    /**
     * Appends the keys j0 + j (j &lt; n &lt;= L) of lane {@code lane} of the logit tile st whose logit
     * is &gt;= t, with key index s0 + j0 + j, at cand[at]; needs at + 2L inside the row (the second
     * vector of -inf keeps the padding up to the next multiple of L). Returns how many were appended.
     */
    static int append(float[] st, int j0, int n, int lane, float t, int s0, float[] cand, int[] idx, int at) {
        VectorMask<Float> in = S.indexInRange(0, n);
        FloatVector x = FloatVector.fromArray(S, st, j0 * BR + lane, GATHER, 0, in);
        VectorMask<Float> pass = x.compare(VectorOperators.GE, t).and(in);
        int p = pass.trueCount();
        IntVector iota = IntVector.fromArray(Vec.SI, IOTA, 0);
        x.compress(pass).blend(Float.NEGATIVE_INFINITY, iota.compare(VectorOperators.GE, p).cast(S)).intoArray(cand, at);
        FloatVector.broadcast(S, Float.NEGATIVE_INFINITY).intoArray(cand, at + L);
        iota.add(s0 + j0).compress(pass.cast(Vec.SI)).intoArray(idx, at);
        return p;
    }

    /** #(cand[base, base + c) &gt;= t), over whole vectors (the -inf padding never counts). */
    static int countAtLeast(float[] cand, int base, int c, float t) {
        FloatVector tv = FloatVector.broadcast(S, t);
        int n = 0;
        for (int i = 0; i < c; i += L) n += FloatVector.fromArray(S, cand, base + i).compare(VectorOperators.GE, tv).trueCount();
        return n;
    }

    /**
     * Keeps, in place and in order, the candidates &gt;= t of the row at base (count c), restores the
     * -inf padding and returns the new count.
     */
    static int compact(float[] cand, int[] idx, int base, int c, float t) {
        int w = base;
        FloatVector tv = FloatVector.broadcast(S, t);
        for (int i = 0; i < c; i += L) {
            FloatVector x = FloatVector.fromArray(S, cand, base + i);
            VectorMask<Float> keep = x.compare(VectorOperators.GE, tv);
            int p = keep.trueCount();
            x.compress(keep).intoArray(cand, w);
            IntVector.fromArray(Vec.SI, idx, base + i).compress(keep.cast(Vec.SI)).intoArray(idx, w);
            w += p;
        }
        int n = w - base;
        pad(cand, base, n);
        return n;
    }

    /** -inf into the slots from n up to the next multiple of L. */
    static void pad(float[] cand, int base, int n) {
        java.util.Arrays.fill(cand, base + n, base + (n + L - 1) / L * L, Float.NEGATIVE_INFINITY);
    }
}
