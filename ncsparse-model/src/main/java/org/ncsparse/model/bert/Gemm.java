package org.ncsparse.model.bert;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;


/**
 * Y[rows][out] = X[rows][in] · W[in][out] + b, all row-major float32 (W as stored by ONNX MatMul).
 *
 * <p>Register-blocked: a tile of 4 rows × 4 vectors of columns keeps 16 accumulators while p runs
 * over in; per p it loads 4 vectors of W's row p and broadcasts 4 scalars of X, i.e. 16 FMAs per
 * 8 loads. Column panels of W (in × 4 vectors) are reused across all row tiles; work is split over
 * column panels between threads of the common pool.
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int PANEL = 4 * L;          // columns per tile
    private static final int ROWS = 4;               // rows per tile

    private Gemm() {}

    /** y = x·w + bias (bias may be null); threads ≥ 1. */
    public static void matmul(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int threads) {
        if (x.length < (long) rows * in || w.length != (long) in * out || y.length < (long) rows * out || (bias != null && bias.length != out))
            throw new IllegalArgumentException("matmul shapes: x " + x.length + " rows " + rows + " in " + in + " w " + w.length + " out " + out);
        int panels = (out + PANEL - 1) / PANEL;
        if (threads <= 1 || panels < 2 || (long) rows * in * out < 1 << 18) {
            panels(x, rows, in, w, out, bias, y, 0, panels);
            return;
        }
        // the project's one worker pool (the caller is one of the workers); tasks are runs of panels
        int tasks = Math.min(panels, 4 * threads);
        org.ncsparse.kernel.ParallelRunner.forEach(tasks, threads,
                t -> panels(x, rows, in, w, out, bias, y, panels * t / tasks, panels * (t + 1) / tasks));
    }

    private static void panels(float[] x, int rows, int in, float[] w, int out, float[] bias, float[] y, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            int c0 = p * PANEL;
            if (c0 + PANEL <= out) {
                int r = 0;
                for (; r + ROWS <= rows; r += ROWS) tile4(x, r, in, w, out, c0, y);
                if (bias != null) addBias(y, r, out, c0, bias);
                for (; r < rows; r++) scalarBlock(x, r, r + 1, in, w, out, c0, c0 + PANEL, bias, y);
            } else {
                scalarBlock(x, 0, rows, in, w, out, c0, out, bias, y);
            }
        }
    }

    /**
     * y[0..rows)[c0, c0+PANEL) += bias. Kept out of the tile on purpose: a vector value merged across
     * a {@code bias != null} branch inside the tile defeats C2's scalar replacement (4× slower).
     */
    private static void addBias(float[] y, int rows, int out, int c0, float[] bias) {
        for (int j = 0; j < PANEL; j += L) {
            FloatVector b = FloatVector.fromArray(S, bias, c0 + j);
            for (int r = 0; r < rows; r++) {
                int o = r * out + c0 + j;
                FloatVector.fromArray(S, y, o).add(b).intoArray(y, o);
            }
        }
    }

    /** 4 rows × PANEL columns starting at (r, c0), no bias. */
    private static void tile4(float[] x, int r, int in, float[] w, int out, int c0, float[] y) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int x0 = r * in, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int p = 0; p < in; p++) {
            int wo = p * out + c0;
            FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L), w3 = FloatVector.fromArray(S, w, wo + 3 * L);
            FloatVector s = FloatVector.broadcast(S, x[x0 + p]);
            a00 = w0.fma(s, a00); a01 = w1.fma(s, a01); a02 = w2.fma(s, a02); a03 = w3.fma(s, a03);
            s = FloatVector.broadcast(S, x[x1 + p]);
            a10 = w0.fma(s, a10); a11 = w1.fma(s, a11); a12 = w2.fma(s, a12); a13 = w3.fma(s, a13);
            s = FloatVector.broadcast(S, x[x2 + p]);
            a20 = w0.fma(s, a20); a21 = w1.fma(s, a21); a22 = w2.fma(s, a22); a23 = w3.fma(s, a23);
            s = FloatVector.broadcast(S, x[x3 + p]);
            a30 = w0.fma(s, a30); a31 = w1.fma(s, a31); a32 = w2.fma(s, a32); a33 = w3.fma(s, a33);
        }
        store(a00, a01, a02, a03, y, r * out + c0);
        store(a10, a11, a12, a13, y, (r + 1) * out + c0);
        store(a20, a21, a22, a23, y, (r + 2) * out + c0);
        store(a30, a31, a32, a33, y, (r + 3) * out + c0);
    }

    private static void store(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, float[] y, int yo) {
        v0.intoArray(y, yo); v1.intoArray(y, yo + L); v2.intoArray(y, yo + 2 * L); v3.intoArray(y, yo + 3 * L);
    }

    /** Plain loops for tails: rows [r0, r1) × columns [c0, c1), float accumulation in the same order as the tile. */
    private static void scalarBlock(float[] x, int r0, int r1, int in, float[] w, int out, int c0, int c1, float[] bias, float[] y) {
        for (int r = r0; r < r1; r++) {
            int yo = r * out;
            for (int c = c0; c < c1; c++) y[yo + c] = 0f;
            for (int p = 0; p < in; p++) {
                float xv = x[r * in + p];
                int wo = p * out;
                for (int c = c0; c < c1; c++) y[yo + c] = Math.fma(xv, w[wo + c], y[yo + c]);
            }
            if (bias != null) for (int c = c0; c < c1; c++) y[yo + c] += bias[c];
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

    static float sum(FloatVector v) { return v.reduceLanes(VectorOperators.ADD); }
}
