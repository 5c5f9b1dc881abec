package org.ncsparse.model.block;

import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.kernel.Simd;

/**
 * Y[rows][out] = X[rows][in] · W[in][out] + b, float32, X and Y row-major.
 *
 * <p>W is first packed into column panels of {@link #PANEL} columns (4 vectors of the width
 * {@link Simd} chose; 16 columns in plain Java): panel p holds W[k][p·PANEL .. p·PANEL+PANEL) for
 * k = 0..in-1 contiguously (zero-padded past {@code out}), so the inner loop streams one panel
 * sequentially. A register tile of {@link #rowTile()} rows × one panel accumulates in registers
 * ({@link VectorGemm}); leftover rows use a 1-row tile. Panels are spread over the workers
 * of the core's {@link ParallelRunner}. The bias is added in a separate pass (a vector merged across
 * a null test inside the tile defeats C2's scalar replacement and costs 4×).
 *
 * <p>Every path (each tile height, each vector width, plain Java) computes each output as one fused
 * multiply-add per k in ascending k, so all give the same bits.
 */
public final class Gemm {
    /** Columns per packed panel: 4 vectors (64 floats at 512 bits), or 16 in plain Java. */
    static final int PANEL = Simd.vectorized() ? 4 * (Simd.vectorBits() / Float.SIZE) : 16;

    /**
     * Rows per register tile: 4 at 512 bits (16 accumulators; AVX-512 has 32 registers), 3 below (12
     * accumulators: AVX2 has 16). See {@link VectorGemm} for why not 6.
     */
    private static final int ROW_TILE = Simd.vectorBits() >= 512 ? 4 : 3;

    private Gemm() {}

    /** Rows per register tile on this CPU (see {@link #ROW_TILE}); 1 in plain Java. */
    public static int rowTile() { return Simd.vectorized() ? ROW_TILE : 1; }

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
        ParallelRunner.forEach(panels, threads, t -> panels(x, rows, w, bias, y, t, t + 1));
    }

    private static void panels(float[] x, int rows, Packed w, float[] bias, float[] y, int p0, int p1) {
        int in = w.in(), out = w.out();
        float[] scratch = null;
        for (int pn = p0; pn < p1; pn++) {
            int c0 = pn * PANEL, base = pn * in * PANEL, width = Math.min(PANEL, out - c0);
            if (!Simd.vectorized()) {
                plainPanel(x, rows, in, w.data(), base, y, out, c0, width);
                if (bias != null) for (int r = 0; r < rows; r++) for (int j = 0; j < width; j++) y[r * out + c0 + j] += bias[c0 + j];
                continue;
            }
            boolean full = width == PANEL;
            if (!full && scratch == null) scratch = new float[ROW_TILE * PANEL];
            int r = 0;
            for (; r + ROW_TILE <= rows; r += ROW_TILE) {
                float[] dst = full ? y : scratch;
                int yo = full ? r * out + c0 : 0, stride = full ? out : PANEL;
                if (ROW_TILE == 4) VectorGemm.tile4(x, r, in, w.data(), base, dst, yo, stride);
                else VectorGemm.tile3(x, r, in, w.data(), base, dst, yo, stride);
                if (!full) copyOut(scratch, ROW_TILE, y, r, out, c0);
            }
            for (; r < rows; r++) {
                if (full) VectorGemm.tile1(x, r, in, w.data(), base, y, r * out + c0);
                else { VectorGemm.tile1(x, r, in, w.data(), base, scratch, 0); copyOut(scratch, 1, y, r, out, c0); }
            }
            if (bias != null) VectorGemm.addBias(y, rows, out, c0, width, bias);
        }
    }

    private static void copyOut(float[] scratch, int n, float[] y, int r, int out, int c0) {
        int width = out - c0;
        for (int i = 0; i < n; i++) System.arraycopy(scratch, i * PANEL, y, (r + i) * out + c0, width);
    }

    /** Plain Java: per row, a panel-wide accumulator row updated with one fused multiply-add per k (the vector tiles' order). */
    private static void plainPanel(float[] x, int rows, int in, float[] w, int base, float[] y, int out, int c0, int width) {
        float[] acc = new float[PANEL];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(acc, 0f);
            for (int k = 0, xo = r * in, wo = base; k < in; k++, wo += PANEL) {
                float xv = x[xo + k];
                for (int j = 0; j < PANEL; j++) acc[j] = Math.fma(w[wo + j], xv, acc[j]);
            }
            System.arraycopy(acc, 0, y, r * out + c0, width);
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
