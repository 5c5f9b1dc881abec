package org.ncsparse.model.block;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.exec.ParallelRunner;

/**
 * Y[rows][out] = X[rows][in] · W[in][out] + b, float32, X and Y row-major.
 *
 * <p>W is first packed into column panels of {@code PANEL} = 4 vectors: panel p holds W[k][p·PANEL ..
 * p·PANEL+PANEL) for k = 0..in-1 contiguously (zero-padded past {@code out}), so the inner loop
 * streams one panel sequentially. A register tile of 4 rows × 4 vectors keeps 16 accumulators; per k
 * it loads 4 vectors of the panel and broadcasts 4 scalars of X: 16 FMAs per 8 loads (a 6-row tile
 * measured 2.5× slower: C2 spills). Leftover rows
 * use a 1-row tile. Panels are spread over the workers of the core's {@link ParallelRunner}.
 * The bias is added in a separate pass (a vector merged across a null test inside the tile defeats
 * C2's scalar replacement and costs 4×).
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = org.ncsparse.kernel.vector.Vec.S;
    private static final int L = S.length();
    static final int PANEL = 4 * L;

    private Gemm() {}

    /** W [in][out] packed for {@link #matmul(float[], int, Packed, float[], float[], int)}. */
    public record Packed(float[] data, int in, int out) {
        public int panels() { return (out + PANEL - 1) / PANEL; }
    }

    public static Packed pack(float[] w, int in, int out) {
        if (in <= 0 || out <= 0 || w.length != (long) in * out)
            throw new IllegalArgumentException("pack: w has " + w.length + " values, expected in " + in + " x out " + out);
        int panels = (out + PANEL - 1) / PANEL;
        float[] p = new float[Math.multiplyExact(panels * in, PANEL)];
        for (int pn = 0; pn < panels; pn++) {
            int c0 = pn * PANEL, width = Math.min(PANEL, out - c0);
            for (int k = 0; k < in; k++) System.arraycopy(w, k * out + c0, p, (pn * in + k) * PANEL, width);
        }
        return new Packed(p, in, out);
    }

    /** y = x·w + bias with an unpacked w (packs it first; prefer {@link #pack} once for weights). */
    public static void matmul(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int threads) {
        matmul(x, rows, pack(w, in, out), bias, y, threads);
    }

    /** y[rows][w.out] = x[rows][w.in]·W + bias (bias may be null); threads ≥ 1. */
    public static void matmul(float[] x, int rows, Packed w, float[] bias, float[] y, int threads) {
        int in = w.in(), out = w.out();
        if (rows < 0 || x.length < (long) rows * in || y.length < (long) rows * out || (bias != null && bias.length != out))
            throw new IllegalArgumentException("matmul shapes: x " + x.length + " rows " + rows + " in " + in + " out " + out + " y " + y.length);
        int panels = w.panels();
        if (threads <= 1 || panels < 2 || (long) rows * in * out < 1 << 17) {
            panels(x, rows, w, bias, y, 0, panels);
            return;
        }
        // one panel per task, handed out dynamically: with 6 panels (384 outputs) and 2 threads, fewer,
        // larger tasks left one thread idle for a quarter of the product
        int tasks = panels;
        ParallelRunner.forEach(tasks, threads, t -> panels(x, rows, w, bias, y, panels * t / tasks, panels * (t + 1) / tasks));
    }

    private static void panels(float[] x, int rows, Packed w, float[] bias, float[] y, int p0, int p1) {
        int in = w.in(), out = w.out();
        float[] scratch = null;
        for (int pn = p0; pn < p1; pn++) {
            int c0 = pn * PANEL, base = pn * in * PANEL;
            boolean full = c0 + PANEL <= out;
            if (!full && scratch == null) scratch = new float[4 * PANEL];
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                if (full) tile4(x, r, in, w.data(), base, y, r * out + c0, out);
                else { tile4(x, r, in, w.data(), base, scratch, 0, PANEL); copyOut(scratch, 4, y, r, out, c0); }
            }
            for (; r < rows; r++) {
                if (full) tile1(x, r, in, w.data(), base, y, r * out + c0);
                else { tile1(x, r, in, w.data(), base, scratch, 0); copyOut(scratch, 1, y, r, out, c0); }
            }
            if (bias != null) addBias(y, rows, out, c0, Math.min(PANEL, out - c0), bias);
        }
    }

    private static void copyOut(float[] scratch, int n, float[] y, int r, int out, int c0) {
        int width = out - c0;
        for (int i = 0; i < n; i++) System.arraycopy(scratch, i * PANEL, y, (r + i) * out + c0, width);
    }

    /** 4 rows × PANEL columns: dst[yo + i·stride + j] = Σ_k x[r+i][k] · panel[k][j]. */
    private static void tile4(float[] x, int r, int in, float[] w, int base, float[] dst, int yo, int stride) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = r * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int k = 0, wo = base; k < in; k++, wo += PANEL) {
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

    /** 1 row × PANEL columns. */
    private static void tile1(float[] x, int r, int in, float[] w, int base, float[] dst, int yo) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int x0 = r * in;
        for (int k = 0, wo = base; k < in; k++, wo += PANEL) {
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
    private static void addBias(float[] y, int rows, int out, int c0, int width, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int o = r * out + c0, j = 0;
            for (; j + L <= width; j += L)
                FloatVector.fromArray(S, y, o + j).add(FloatVector.fromArray(S, bias, c0 + j)).intoArray(y, o + j);
            for (; j < width; j++) y[o + j] += bias[c0 + j];
        }
    }

    /** Reference y = x·w + b with double accumulation (test oracle). */
    public static void reference(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y) {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < out; c++) {
                double s = bias == null ? 0 : bias[c];
                for (int p = 0; p < in; p++) s += (double) x[r * in + p] * w[p * out + c];
                y[r * out + c] = (float) s;
            }
    }
}
