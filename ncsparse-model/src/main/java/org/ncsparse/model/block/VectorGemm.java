package org.ncsparse.model.block;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.Vec;

/**
 * The Vector API micro-kernels of {@link Gemm}: a register tile of R rows × 4 vectors (one packed
 * panel) accumulates Σ_k x[r][k] · panel[k][·] with one FMA per accumulator per k, k ascending, so
 * every tile height gives the same bits as the plain-Java path (one fused multiply-add per k in the
 * same order). Accumulators are locals, never an array (C2 keeps them in registers).
 *
 * <p>Per k a tile loads 4 panel vectors and broadcasts R scalars of X for 4R FMAs. Tile heights: 4
 * (16 accumulators + 4 panel vectors + 1 broadcast = 21 registers, for AVX-512's 32), 3 (12 + 5 = 17,
 * about AVX2's 16) and 1 for leftovers; {@link Gemm#rowTile()} picks 4 or 3 from the width. A 6-row
 * tile (24 accumulators, 29 registers) is what a C compiler would pick for AVX-512, but C2 (JDK 25)
 * spills it: measured on an AMD EPYC (Zen 5), one 384 x 384 panel pass, 128 rows, 1 thread: 6 rows
 * 53 GFLOP/s, 4 rows 260 GFLOP/s (95% of the 272 GFLOP/s FMA peak).
 */
final class VectorGemm {
    private VectorGemm() {}

    private static final VectorSpecies<Float> S = Vec.S;
    private static final int L = Vec.L;

    /** 4 rows × PANEL columns: dst[yo + i·stride + j] = Σ_k x[r+i][k] · w[base + k·PANEL + j]. */
    static void tile4(float[] x, int r, int in, float[] w, int base, float[] dst, int yo, int stride) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = r * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int k = 0, wo = base; k < in; k++, wo += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L), w3 = FloatVector.fromArray(S, w, wo + 3 * L);
            FloatVector s = FloatVector.broadcast(S, x[x0 + k]);
            a00 = w0.fma(s, a00); a01 = w1.fma(s, a01); a02 = w2.fma(s, a02); a03 = w3.fma(s, a03);
            s = FloatVector.broadcast(S, x[x1 + k]);
            a10 = w0.fma(s, a10); a11 = w1.fma(s, a11); a12 = w2.fma(s, a12); a13 = w3.fma(s, a13);
            s = FloatVector.broadcast(S, x[x2 + k]);
            a20 = w0.fma(s, a20); a21 = w1.fma(s, a21); a22 = w2.fma(s, a22); a23 = w3.fma(s, a23);
            s = FloatVector.broadcast(S, x[x3 + k]);
            a30 = w0.fma(s, a30); a31 = w1.fma(s, a31); a32 = w2.fma(s, a32); a33 = w3.fma(s, a33);
        }
        store(a00, a01, a02, a03, dst, yo);
        store(a10, a11, a12, a13, dst, yo + stride);
        store(a20, a21, a22, a23, dst, yo + 2 * stride);
        store(a30, a31, a32, a33, dst, yo + 3 * stride);
    }

    /** 3 rows × PANEL columns. */
    static void tile3(float[] x, int r, int in, float[] w, int base, float[] dst, int yo, int stride) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int x0 = r * in, x1 = x0 + in, x2 = x1 + in;
        for (int k = 0, wo = base; k < in; k++, wo += 4 * L) {
            FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L), w3 = FloatVector.fromArray(S, w, wo + 3 * L);
            FloatVector s = FloatVector.broadcast(S, x[x0 + k]);
            a00 = w0.fma(s, a00); a01 = w1.fma(s, a01); a02 = w2.fma(s, a02); a03 = w3.fma(s, a03);
            s = FloatVector.broadcast(S, x[x1 + k]);
            a10 = w0.fma(s, a10); a11 = w1.fma(s, a11); a12 = w2.fma(s, a12); a13 = w3.fma(s, a13);
            s = FloatVector.broadcast(S, x[x2 + k]);
            a20 = w0.fma(s, a20); a21 = w1.fma(s, a21); a22 = w2.fma(s, a22); a23 = w3.fma(s, a23);
        }
        store(a00, a01, a02, a03, dst, yo);
        store(a10, a11, a12, a13, dst, yo + stride);
        store(a20, a21, a22, a23, dst, yo + 2 * stride);
    }

    /** 1 row × PANEL columns. */
    static void tile1(float[] x, int r, int in, float[] w, int base, float[] dst, int yo) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int x0 = r * in;
        for (int k = 0, wo = base; k < in; k++, wo += 4 * L) {
            FloatVector s = FloatVector.broadcast(S, x[x0 + k]);
            a0 = FloatVector.fromArray(S, w, wo).fma(s, a0);
            a1 = FloatVector.fromArray(S, w, wo + L).fma(s, a1);
            a2 = FloatVector.fromArray(S, w, wo + 2 * L).fma(s, a2);
            a3 = FloatVector.fromArray(S, w, wo + 3 * L).fma(s, a3);
        }
        store(a0, a1, a2, a3, dst, yo);
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] y, int yo) {
        v0.intoArray(y, yo); v1.intoArray(y, yo + L); v2.intoArray(y, yo + 2 * L); v3.intoArray(y, yo + 3 * L);
    }

    /** y[0..rows)[c0, c0+width) += bias[c0..]. */
    static void addBias(float[] y, int rows, int out, int c0, int width, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int o = r * out + c0, j = 0;
            for (; j + L <= width; j += L)
                FloatVector.fromArray(S, y, o + j).add(FloatVector.fromArray(S, bias, c0 + j)).intoArray(y, o + j);
            for (; j < width; j++) y[o + j] += bias[c0 + j];
        }
    }
}
