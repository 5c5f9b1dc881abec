package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The transposed tile layout every tiled kernel shares: a block of BR = 4 vectors of query rows
 * sits in the SIMD lanes, so per-row softmax state (max, sum, threshold) is one vector op per key.
 * <ul>
 *   <li>Qt[c][i] = s * q_i[c]  (d x BR, the scale folded in once),</li>
 *   <li>S^T[j][i] = k_j . Qt[:, i] = s q_i . k_j  (KB x BR logits of one key block),</li>
 *   <li>O^T[c][i] += sum_j V[j][c] * P^T[j][i]  (dv x BR running output).</li>
 * </ul>
 * Both products are register-blocked {@link TilePlan#KEYS_PER_STEP} x R: six (or four) broadcast
 * scalars — keys' c-th entries, or value columns of one key — times the R lane vectors, 24 (16)
 * independent FMA chains held in locals (never in an array, so C2 keeps them in registers). Every
 * accumulator sums over c (or j) in the same order whatever the tile, so the tile never changes bits.
 */
final class QueryTile {
    private QueryTile() {}

    /** Vectors of query rows per tile, and rows per tile. */
    static final int R = 4, BR = R * L;

    private static final float[] IOTA = iota();

    private static float[] iota() {
        float[] a = new float[L];
        for (int i = 0; i < L; i++) a[i] = i;
        return a;
    }

    /** Qt[c][i] = scale * q[qOff + i*d + c] for i < rows, 0 in the padding lanes. */
    static void loadQueries(float[] q, int qOff, int d, int rows, float scale, float[] qt) {
        java.util.Arrays.fill(qt, 0, d * BR, 0f);
        for (int i = 0; i < rows; i++) {
            int src = qOff + i * d;
            for (int c = 0; c < d; c++) qt[c * BR + i] = scale * q[src + c];
        }
    }

    /**
     * S^T[j][:] = Qt^T k_{j0+j} for the {@code len} keys starting at k[kBase]; bmax (BR floats) is
     * raised to the largest logit of each lane, so the softmax needs no separate max pass.
     */
    static void scores(float[] k, int kBase, int d, int len, float[] qt, float[] st, float[] bmax) {
        int j = 0;
        if (TilePlan.KEYS_PER_STEP == 6) for (; j + 6 <= len; j += 6) scores6(k, kBase + j * d, d, qt, st, j * BR, bmax);
        for (; j + 4 <= len; j += 4) scores4(k, kBase + j * d, d, qt, st, j * BR, bmax);
        for (; j < len; j++) scores1(k, kBase + j * d, d, qt, st, j * BR, bmax);
    }

    /**
     * Six keys x R row vectors: 24 accumulators, 4 loads + 6 broadcasts per 24 FMAs. The block maxima
     * by compare and blend, written out: Java's {@code max} costs C2 six instructions (it orders -0
     * below +0 and returns NaN from either side; neither matters for a softmax shift, as a NaN logit
     * makes its row NaN through its own exp), and a helper method taking vectors is not always
     * inlined (C2 gives up on large callers), which boxes every vector it passes.
     */
    private static void scores6(float[] k, int k0, int d, float[] qt, float[] st, int so, float[] bmax) {
        int k1 = k0 + d, k2 = k1 + d, k3 = k2 + d, k4 = k3 + d, k5 = k4 + d;
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S), a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S), a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S), a22 = FloatVector.zero(S), a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S), a32 = FloatVector.zero(S), a33 = FloatVector.zero(S);
        FloatVector a40 = FloatVector.zero(S), a41 = FloatVector.zero(S), a42 = FloatVector.zero(S), a43 = FloatVector.zero(S);
        FloatVector a50 = FloatVector.zero(S), a51 = FloatVector.zero(S), a52 = FloatVector.zero(S), a53 = FloatVector.zero(S);
        for (int c = 0, qo = 0; c < d; c++, qo += BR) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qo), q1 = FloatVector.fromArray(S, qt, qo + L);
            FloatVector q2 = FloatVector.fromArray(S, qt, qo + 2 * L), q3 = FloatVector.fromArray(S, qt, qo + 3 * L);
            FloatVector b = FloatVector.broadcast(S, k[k0 + c]);
            a00 = q0.fma(b, a00); a01 = q1.fma(b, a01); a02 = q2.fma(b, a02); a03 = q3.fma(b, a03);
            b = FloatVector.broadcast(S, k[k1 + c]);
            a10 = q0.fma(b, a10); a11 = q1.fma(b, a11); a12 = q2.fma(b, a12); a13 = q3.fma(b, a13);
            b = FloatVector.broadcast(S, k[k2 + c]);
            a20 = q0.fma(b, a20); a21 = q1.fma(b, a21); a22 = q2.fma(b, a22); a23 = q3.fma(b, a23);
            b = FloatVector.broadcast(S, k[k3 + c]);
            a30 = q0.fma(b, a30); a31 = q1.fma(b, a31); a32 = q2.fma(b, a32); a33 = q3.fma(b, a33);
            b = FloatVector.broadcast(S, k[k4 + c]);
            a40 = q0.fma(b, a40); a41 = q1.fma(b, a41); a42 = q2.fma(b, a42); a43 = q3.fma(b, a43);
            b = FloatVector.broadcast(S, k[k5 + c]);
            a50 = q0.fma(b, a50); a51 = q1.fma(b, a51); a52 = q2.fma(b, a52); a53 = q3.fma(b, a53);
        }
        a00.intoArray(st, so + 0 * BR + 0 * L); a01.intoArray(st, so + 0 * BR + 1 * L); a02.intoArray(st, so + 0 * BR + 2 * L); a03.intoArray(st, so + 0 * BR + 3 * L);
        a10.intoArray(st, so + 1 * BR + 0 * L); a11.intoArray(st, so + 1 * BR + 1 * L); a12.intoArray(st, so + 1 * BR + 2 * L); a13.intoArray(st, so + 1 * BR + 3 * L);
        a20.intoArray(st, so + 2 * BR + 0 * L); a21.intoArray(st, so + 2 * BR + 1 * L); a22.intoArray(st, so + 2 * BR + 2 * L); a23.intoArray(st, so + 2 * BR + 3 * L);
        a30.intoArray(st, so + 3 * BR + 0 * L); a31.intoArray(st, so + 3 * BR + 1 * L); a32.intoArray(st, so + 3 * BR + 2 * L); a33.intoArray(st, so + 3 * BR + 3 * L);
        a40.intoArray(st, so + 4 * BR + 0 * L); a41.intoArray(st, so + 4 * BR + 1 * L); a42.intoArray(st, so + 4 * BR + 2 * L); a43.intoArray(st, so + 4 * BR + 3 * L);
        a50.intoArray(st, so + 5 * BR + 0 * L); a51.intoArray(st, so + 5 * BR + 1 * L); a52.intoArray(st, so + 5 * BR + 2 * L); a53.intoArray(st, so + 5 * BR + 3 * L);
        { FloatVector m = FloatVector.fromArray(S, bmax, 0 * L);
          m = m.blend(a00, a00.compare(VectorOperators.GT, m));
          m = m.blend(a10, a10.compare(VectorOperators.GT, m));
          m = m.blend(a20, a20.compare(VectorOperators.GT, m));
          m = m.blend(a30, a30.compare(VectorOperators.GT, m));
          m = m.blend(a40, a40.compare(VectorOperators.GT, m));
          m = m.blend(a50, a50.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 0 * L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 1 * L);
          m = m.blend(a01, a01.compare(VectorOperators.GT, m));
          m = m.blend(a11, a11.compare(VectorOperators.GT, m));
          m = m.blend(a21, a21.compare(VectorOperators.GT, m));
          m = m.blend(a31, a31.compare(VectorOperators.GT, m));
          m = m.blend(a41, a41.compare(VectorOperators.GT, m));
          m = m.blend(a51, a51.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 1 * L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 2 * L);
          m = m.blend(a02, a02.compare(VectorOperators.GT, m));
          m = m.blend(a12, a12.compare(VectorOperators.GT, m));
          m = m.blend(a22, a22.compare(VectorOperators.GT, m));
          m = m.blend(a32, a32.compare(VectorOperators.GT, m));
          m = m.blend(a42, a42.compare(VectorOperators.GT, m));
          m = m.blend(a52, a52.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 2 * L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 3 * L);
          m = m.blend(a03, a03.compare(VectorOperators.GT, m));
          m = m.blend(a13, a13.compare(VectorOperators.GT, m));
          m = m.blend(a23, a23.compare(VectorOperators.GT, m));
          m = m.blend(a33, a33.compare(VectorOperators.GT, m));
          m = m.blend(a43, a43.compare(VectorOperators.GT, m));
          m = m.blend(a53, a53.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 3 * L); }
    }

    private static void scores4(float[] k, int k0, int d, float[] qt, float[] st, int so, float[] bmax) {
        int k1 = k0 + d, k2 = k1 + d, k3 = k2 + d;
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S), a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S), a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S), a22 = FloatVector.zero(S), a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S), a32 = FloatVector.zero(S), a33 = FloatVector.zero(S);
        for (int c = 0, qo = 0; c < d; c++, qo += BR) {
            FloatVector q0 = FloatVector.fromArray(S, qt, qo);
            FloatVector q1 = FloatVector.fromArray(S, qt, qo + L);
            FloatVector q2 = FloatVector.fromArray(S, qt, qo + 2 * L);
            FloatVector q3 = FloatVector.fromArray(S, qt, qo + 3 * L);
            FloatVector b = FloatVector.broadcast(S, k[k0 + c]);
            a00 = q0.fma(b, a00); a01 = q1.fma(b, a01); a02 = q2.fma(b, a02); a03 = q3.fma(b, a03);
            b = FloatVector.broadcast(S, k[k1 + c]);
            a10 = q0.fma(b, a10); a11 = q1.fma(b, a11); a12 = q2.fma(b, a12); a13 = q3.fma(b, a13);
            b = FloatVector.broadcast(S, k[k2 + c]);
            a20 = q0.fma(b, a20); a21 = q1.fma(b, a21); a22 = q2.fma(b, a22); a23 = q3.fma(b, a23);
            b = FloatVector.broadcast(S, k[k3 + c]);
            a30 = q0.fma(b, a30); a31 = q1.fma(b, a31); a32 = q2.fma(b, a32); a33 = q3.fma(b, a33);
        }
        a00.intoArray(st, so); a01.intoArray(st, so + L); a02.intoArray(st, so + 2 * L); a03.intoArray(st, so + 3 * L);
        so += BR;
        a10.intoArray(st, so); a11.intoArray(st, so + L); a12.intoArray(st, so + 2 * L); a13.intoArray(st, so + 3 * L);
        so += BR;
        a20.intoArray(st, so); a21.intoArray(st, so + L); a22.intoArray(st, so + 2 * L); a23.intoArray(st, so + 3 * L);
        so += BR;
        a30.intoArray(st, so); a31.intoArray(st, so + L); a32.intoArray(st, so + 2 * L); a33.intoArray(st, so + 3 * L);
        { FloatVector m = FloatVector.fromArray(S, bmax, 0);
          m = m.blend(a00, a00.compare(VectorOperators.GT, m));
          m = m.blend(a10, a10.compare(VectorOperators.GT, m));
          m = m.blend(a20, a20.compare(VectorOperators.GT, m));
          m = m.blend(a30, a30.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 0); }
        { FloatVector m = FloatVector.fromArray(S, bmax, L);
          m = m.blend(a01, a01.compare(VectorOperators.GT, m));
          m = m.blend(a11, a11.compare(VectorOperators.GT, m));
          m = m.blend(a21, a21.compare(VectorOperators.GT, m));
          m = m.blend(a31, a31.compare(VectorOperators.GT, m));
          m.intoArray(bmax, L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 2 * L);
          m = m.blend(a02, a02.compare(VectorOperators.GT, m));
          m = m.blend(a12, a12.compare(VectorOperators.GT, m));
          m = m.blend(a22, a22.compare(VectorOperators.GT, m));
          m = m.blend(a32, a32.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 2 * L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 3 * L);
          m = m.blend(a03, a03.compare(VectorOperators.GT, m));
          m = m.blend(a13, a13.compare(VectorOperators.GT, m));
          m = m.blend(a23, a23.compare(VectorOperators.GT, m));
          m = m.blend(a33, a33.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 3 * L); }
    }

    private static void scores1(float[] k, int k0, int d, float[] qt, float[] st, int so, float[] bmax) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        for (int c = 0, qo = 0; c < d; c++, qo += BR) {
            FloatVector b = FloatVector.broadcast(S, k[k0 + c]);
            a0 = FloatVector.fromArray(S, qt, qo).fma(b, a0);
            a1 = FloatVector.fromArray(S, qt, qo + L).fma(b, a1);
            a2 = FloatVector.fromArray(S, qt, qo + 2 * L).fma(b, a2);
            a3 = FloatVector.fromArray(S, qt, qo + 3 * L).fma(b, a3);
        }
        a0.intoArray(st, so); a1.intoArray(st, so + L); a2.intoArray(st, so + 2 * L); a3.intoArray(st, so + 3 * L);
        { FloatVector m = FloatVector.fromArray(S, bmax, 0);
          m = m.blend(a0, a0.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 0); }
        { FloatVector m = FloatVector.fromArray(S, bmax, L);
          m = m.blend(a1, a1.compare(VectorOperators.GT, m));
          m.intoArray(bmax, L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 2 * L);
          m = m.blend(a2, a2.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 2 * L); }
        { FloatVector m = FloatVector.fromArray(S, bmax, 3 * L);
          m = m.blend(a3, a3.compare(VectorOperators.GT, m));
          m.intoArray(bmax, 3 * L); }
    }

    /** S^T[j][i] += bias[bOff(i) + j0 + j] for the real rows (a strided gather, off the fast path). */
    static void addBias(float[] bias, int[] rowBiasOff, int at, int rows, int j0, int len, float[] st) {
        for (int j = 0; j < len; j++)
            for (int i = 0; i < rows; i++) st[j * BR + i] += bias[rowBiasOff[at + i] + j0 + j];
    }

    /**
     * Causal mask: row r0+i sees keys j < r0 + i + off + 1, so key j0+j is hidden from lanes
     * i < j0 + j - r0 - off; those logits become -inf.
     */
    static void maskCausal(int r0, int off, int j0, int len, float[] st) {
        FloatVector iota = FloatVector.fromArray(S, IOTA, 0);
        for (int j = 0; j < len; j++) {
            int first = j0 + j - r0 - off; // lanes below this index are hidden
            if (first <= 0) continue;
            for (int r = 0; r < R; r++) {
                float lim = first - r * L;
                if (lim <= 0) break;
                int o = j * BR + r * L;
                FloatVector s = FloatVector.fromArray(S, st, o);
                s.blend(Float.NEGATIVE_INFINITY, iota.compare(VectorOperators.LT, lim)).intoArray(st, o);
            }
        }
    }

    /**
     * Row stride of a packed value block (see {@link #packValues}): a constant, so C2 takes the range
     * checks of the P V key loops out of the loop — with the stride dv, loop-invariant but not a
     * constant, it checks every key, which made the product about 9% slower in L1 (262 against 240
     * GFLOP/s on Zen 5, d = 64) — and 17 cache lines, an odd number, so the rows of a block spread over
     * every L1 set (with dv = 128, a stride of 8 lines, the rows one column group reads fall in an
     * eighth of the sets).
     */
    static final int PACK_STRIDE = 272;
    /** Value columns one packed block holds; wider value rows are packed and multiplied in column chunks. */
    static final int PACK_COLS = 256;

    /** Floats a packed block of {@code len} value rows needs. */
    static int packedLength(int len) { return len == 0 ? 0 : (len - 1) * PACK_STRIDE + PACK_COLS; }

    /** pv[j * PACK_STRIDE + c] = v[vBase + j * dv + c0 + c] for j &lt; len, c &lt; w &lt;= PACK_COLS. */
    static void packValues(float[] v, int vBase, int dv, int c0, int w, int len, float[] pv) {
        int wv = w - w % L; // whole vectors, then the rest lane by lane
        for (int j = 0; j < len; j++) {
            int src = vBase + j * dv + c0, dst = j * PACK_STRIDE, c = 0;
            for (; c < wv; c += L) FloatVector.fromArray(S, v, src + c).intoArray(pv, dst + c);
            for (; c < w; c++) pv[dst + c] = v[src + c];
        }
    }

    /**
     * O^T[c][:] += sum_j V[j][c] * P^T[j][:] over the {@code len} value rows starting at v[vBase],
     * through the packed layout (column chunks of at most PACK_COLS, each packed into s.pv first).
     */
    static void accumulate(float[] v, int vBase, int dv, int len, float[] pt, float[] ot, Scratch s) {
        float[] pv = s.pv = Scratch.grow(s.pv, packedLength(len));
        for (int c0 = 0; c0 < dv; c0 += PACK_COLS) {
            int w = Math.min(PACK_COLS, dv - c0);
            packValues(v, vBase, dv, c0, w, len, pv);
            accumulatePacked(pv, c0, w, len, pt, ot);
        }
    }

    /**
     * O^T[c0 + c][:] += sum_j pv[j * PACK_STRIDE + c] * P^T[j][:] for c &lt; w: value columns in groups
     * of six (with 32 registers), then four, then one; the group count is chosen so that what is left
     * after the sixes is a multiple of four (64 = 10x6 + 4, 128 = 20x6 + 2x4). Each accumulator sums
     * over j in order, whatever the grouping or chunking, so neither changes a bit.
     */
    static void accumulatePacked(float[] pv, int c0, int w, int len, float[] pt, float[] ot) {
        int c = 0;
        if (TilePlan.KEYS_PER_STEP == 6) {
            int six = w / 6;
            if ((w - 6 * six) % 4 != 0 && six > 0 && (w - 6 * (six - 1)) % 4 == 0) six--;
            for (; c < 6 * six; c += 6) accumulate6(pv, c, len, pt, ot, (c0 + c) * BR);
        }
        for (; c + 4 <= w; c += 4) accumulate4(pv, c, len, pt, ot, (c0 + c) * BR);
        for (; c < w; c++) accumulate1(pv, c, len, pt, ot, (c0 + c) * BR);
    }

    /** Six value columns x R row vectors: 24 accumulators, 4 loads + 6 broadcasts per 24 FMAs. */
    private static void accumulate6(float[] v, int vc, int len, float[] pt, float[] ot, int o0) {
        FloatVector a00 = FloatVector.fromArray(S, ot, o0 + 0 * BR + 0 * L), a01 = FloatVector.fromArray(S, ot, o0 + 0 * BR + 1 * L), a02 = FloatVector.fromArray(S, ot, o0 + 0 * BR + 2 * L), a03 = FloatVector.fromArray(S, ot, o0 + 0 * BR + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, ot, o0 + 1 * BR + 0 * L), a11 = FloatVector.fromArray(S, ot, o0 + 1 * BR + 1 * L), a12 = FloatVector.fromArray(S, ot, o0 + 1 * BR + 2 * L), a13 = FloatVector.fromArray(S, ot, o0 + 1 * BR + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, ot, o0 + 2 * BR + 0 * L), a21 = FloatVector.fromArray(S, ot, o0 + 2 * BR + 1 * L), a22 = FloatVector.fromArray(S, ot, o0 + 2 * BR + 2 * L), a23 = FloatVector.fromArray(S, ot, o0 + 2 * BR + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, ot, o0 + 3 * BR + 0 * L), a31 = FloatVector.fromArray(S, ot, o0 + 3 * BR + 1 * L), a32 = FloatVector.fromArray(S, ot, o0 + 3 * BR + 2 * L), a33 = FloatVector.fromArray(S, ot, o0 + 3 * BR + 3 * L);
        FloatVector a40 = FloatVector.fromArray(S, ot, o0 + 4 * BR + 0 * L), a41 = FloatVector.fromArray(S, ot, o0 + 4 * BR + 1 * L), a42 = FloatVector.fromArray(S, ot, o0 + 4 * BR + 2 * L), a43 = FloatVector.fromArray(S, ot, o0 + 4 * BR + 3 * L);
        FloatVector a50 = FloatVector.fromArray(S, ot, o0 + 5 * BR + 0 * L), a51 = FloatVector.fromArray(S, ot, o0 + 5 * BR + 1 * L), a52 = FloatVector.fromArray(S, ot, o0 + 5 * BR + 2 * L), a53 = FloatVector.fromArray(S, ot, o0 + 5 * BR + 3 * L);
        for (int j = 0; j < len; j++) {
            int po = j * BR, vo = vc + j * PACK_STRIDE; // from j alone, constant strides: C2 hoists the range checks
            FloatVector p0 = FloatVector.fromArray(S, pt, po), p1 = FloatVector.fromArray(S, pt, po + L);
            FloatVector p2 = FloatVector.fromArray(S, pt, po + 2 * L), p3 = FloatVector.fromArray(S, pt, po + 3 * L);
            FloatVector b = FloatVector.broadcast(S, v[vo + 0]);
            a00 = p0.fma(b, a00); a01 = p1.fma(b, a01); a02 = p2.fma(b, a02); a03 = p3.fma(b, a03);
            b = FloatVector.broadcast(S, v[vo + 1]);
            a10 = p0.fma(b, a10); a11 = p1.fma(b, a11); a12 = p2.fma(b, a12); a13 = p3.fma(b, a13);
            b = FloatVector.broadcast(S, v[vo + 2]);
            a20 = p0.fma(b, a20); a21 = p1.fma(b, a21); a22 = p2.fma(b, a22); a23 = p3.fma(b, a23);
            b = FloatVector.broadcast(S, v[vo + 3]);
            a30 = p0.fma(b, a30); a31 = p1.fma(b, a31); a32 = p2.fma(b, a32); a33 = p3.fma(b, a33);
            b = FloatVector.broadcast(S, v[vo + 4]);
            a40 = p0.fma(b, a40); a41 = p1.fma(b, a41); a42 = p2.fma(b, a42); a43 = p3.fma(b, a43);
            b = FloatVector.broadcast(S, v[vo + 5]);
            a50 = p0.fma(b, a50); a51 = p1.fma(b, a51); a52 = p2.fma(b, a52); a53 = p3.fma(b, a53);
        }
        a00.intoArray(ot, o0 + 0 * BR + 0 * L); a01.intoArray(ot, o0 + 0 * BR + 1 * L); a02.intoArray(ot, o0 + 0 * BR + 2 * L); a03.intoArray(ot, o0 + 0 * BR + 3 * L);
        a10.intoArray(ot, o0 + 1 * BR + 0 * L); a11.intoArray(ot, o0 + 1 * BR + 1 * L); a12.intoArray(ot, o0 + 1 * BR + 2 * L); a13.intoArray(ot, o0 + 1 * BR + 3 * L);
        a20.intoArray(ot, o0 + 2 * BR + 0 * L); a21.intoArray(ot, o0 + 2 * BR + 1 * L); a22.intoArray(ot, o0 + 2 * BR + 2 * L); a23.intoArray(ot, o0 + 2 * BR + 3 * L);
        a30.intoArray(ot, o0 + 3 * BR + 0 * L); a31.intoArray(ot, o0 + 3 * BR + 1 * L); a32.intoArray(ot, o0 + 3 * BR + 2 * L); a33.intoArray(ot, o0 + 3 * BR + 3 * L);
        a40.intoArray(ot, o0 + 4 * BR + 0 * L); a41.intoArray(ot, o0 + 4 * BR + 1 * L); a42.intoArray(ot, o0 + 4 * BR + 2 * L); a43.intoArray(ot, o0 + 4 * BR + 3 * L);
        a50.intoArray(ot, o0 + 5 * BR + 0 * L); a51.intoArray(ot, o0 + 5 * BR + 1 * L); a52.intoArray(ot, o0 + 5 * BR + 2 * L); a53.intoArray(ot, o0 + 5 * BR + 3 * L);
    }

    private static void accumulate4(float[] v, int vc, int len, float[] pt, float[] ot, int o0) {
        int o1 = o0 + BR, o2 = o1 + BR, o3 = o2 + BR;
        FloatVector a00 = FloatVector.fromArray(S, ot, o0), a01 = FloatVector.fromArray(S, ot, o0 + L);
        FloatVector a02 = FloatVector.fromArray(S, ot, o0 + 2 * L), a03 = FloatVector.fromArray(S, ot, o0 + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, ot, o1), a11 = FloatVector.fromArray(S, ot, o1 + L);
        FloatVector a12 = FloatVector.fromArray(S, ot, o1 + 2 * L), a13 = FloatVector.fromArray(S, ot, o1 + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, ot, o2), a21 = FloatVector.fromArray(S, ot, o2 + L);
        FloatVector a22 = FloatVector.fromArray(S, ot, o2 + 2 * L), a23 = FloatVector.fromArray(S, ot, o2 + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, ot, o3), a31 = FloatVector.fromArray(S, ot, o3 + L);
        FloatVector a32 = FloatVector.fromArray(S, ot, o3 + 2 * L), a33 = FloatVector.fromArray(S, ot, o3 + 3 * L);
        for (int j = 0; j < len; j++) {
            int po = j * BR, vo = vc + j * PACK_STRIDE; // from j alone, constant strides: C2 hoists the range checks
            FloatVector p0 = FloatVector.fromArray(S, pt, po);
            FloatVector p1 = FloatVector.fromArray(S, pt, po + L);
            FloatVector p2 = FloatVector.fromArray(S, pt, po + 2 * L);
            FloatVector p3 = FloatVector.fromArray(S, pt, po + 3 * L);
            FloatVector b = FloatVector.broadcast(S, v[vo]);
            a00 = p0.fma(b, a00); a01 = p1.fma(b, a01); a02 = p2.fma(b, a02); a03 = p3.fma(b, a03);
            b = FloatVector.broadcast(S, v[vo + 1]);
            a10 = p0.fma(b, a10); a11 = p1.fma(b, a11); a12 = p2.fma(b, a12); a13 = p3.fma(b, a13);
            b = FloatVector.broadcast(S, v[vo + 2]);
            a20 = p0.fma(b, a20); a21 = p1.fma(b, a21); a22 = p2.fma(b, a22); a23 = p3.fma(b, a23);
            b = FloatVector.broadcast(S, v[vo + 3]);
            a30 = p0.fma(b, a30); a31 = p1.fma(b, a31); a32 = p2.fma(b, a32); a33 = p3.fma(b, a33);
        }
        a00.intoArray(ot, o0); a01.intoArray(ot, o0 + L); a02.intoArray(ot, o0 + 2 * L); a03.intoArray(ot, o0 + 3 * L);
        a10.intoArray(ot, o1); a11.intoArray(ot, o1 + L); a12.intoArray(ot, o1 + 2 * L); a13.intoArray(ot, o1 + 3 * L);
        a20.intoArray(ot, o2); a21.intoArray(ot, o2 + L); a22.intoArray(ot, o2 + 2 * L); a23.intoArray(ot, o2 + 3 * L);
        a30.intoArray(ot, o3); a31.intoArray(ot, o3 + L); a32.intoArray(ot, o3 + 2 * L); a33.intoArray(ot, o3 + 3 * L);
    }

    private static void accumulate1(float[] v, int vc, int len, float[] pt, float[] ot, int o0) {
        FloatVector a0 = FloatVector.fromArray(S, ot, o0), a1 = FloatVector.fromArray(S, ot, o0 + L);
        FloatVector a2 = FloatVector.fromArray(S, ot, o0 + 2 * L), a3 = FloatVector.fromArray(S, ot, o0 + 3 * L);
        for (int j = 0; j < len; j++) {
            int po = j * BR, vo = vc + j * PACK_STRIDE; // from j alone, constant strides: C2 hoists the range checks
            FloatVector b = FloatVector.broadcast(S, v[vo]);
            a0 = FloatVector.fromArray(S, pt, po).fma(b, a0);
            a1 = FloatVector.fromArray(S, pt, po + L).fma(b, a1);
            a2 = FloatVector.fromArray(S, pt, po + 2 * L).fma(b, a2);
            a3 = FloatVector.fromArray(S, pt, po + 3 * L).fma(b, a3);
        }
        a0.intoArray(ot, o0); a1.intoArray(ot, o0 + L); a2.intoArray(ot, o0 + 2 * L); a3.intoArray(ot, o0 + 3 * L);
    }
}
