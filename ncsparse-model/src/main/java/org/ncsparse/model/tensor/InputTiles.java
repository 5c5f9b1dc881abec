package org.ncsparse.model.tensor;

import org.ncsparse.kernel.Simd;

/**
 * The inner kernel of {@link MappedMatrix#matMul} for many input rows: the m input rows are
 * transposed once into panels (mp = m rounded up to {@link #lanes()}, zero-padded): panel widths
 * are 4 vectors of inputs while at least that many remain, then 2, then 1 ({@link #panelWidth}); the
 * panel of inputs c0 .. c0+pw holds x_i[j] at xt[c0·n + j·pw + (i − c0)]. So for a decoded weight row
 * w the outputs of a panel's inputs come from broadcast(w[j]) × load(panel row j), the accumulators
 * of 4 weight rows × one panel staying in registers.
 *
 * <p>Each output is one fused multiply-add per column in ascending order on every tile shape and
 * chunking, so the thread count (which block a thread takes) never changes the bits.
 */
final class InputTiles {
    private InputTiles() {}

    /**
     * Input rows from which {@link MappedMatrix#matMul} uses these tiles, 0 for never: two vectors of
     * inputs less one (with one vector, 4 accumulators wait on the FMA latency and the 4 × 4 dot tile
     * was faster), and only at 512 bits (32 registers hold the 16 accumulators; below, the tile
     * spills and measured no faster than the dot tile).
     */
    static int minRows() { return Simd.vectorBits() >= 512 ? 2 * VectorInputTiles.L - 1 : 0; }

    /** Inputs per vector: the padding unit of mp (only with {@link #minRows()} > 0). */
    static int lanes() { return VectorInputTiles.L; }

    /** Width of the panel that starts with {@code remaining} padded inputs left: 4, 2 or 1 vectors. */
    static int panelWidth(int remaining) {
        int l = VectorInputTiles.L;
        return remaining >= 4 * l ? 4 * l : remaining >= 2 * l ? 2 * l : l;
    }

    /** Rows and columns per block of the transpositions: a block's 16 source rows and 16 destination rows stay in L1. */
    private static final int BLOCK = 16;

    /** The panels of x (m rows of n floats from xOff), padded with zero rows to mp (a multiple of {@link #lanes()}). */
    static float[] transpose(float[] x, int xOff, int m, int n, int mp) {
        float[] xt = new float[Math.multiplyExact(n, mp)];
        for (int c0 = 0; c0 < m; ) {
            int pw = panelWidth(mp - c0), base = c0 * n, end = Math.min(m, c0 + pw);
            for (int i0 = c0; i0 < end; i0 += BLOCK)
                for (int j0 = 0; j0 < n; j0 += BLOCK)
                    for (int i = i0, i1 = Math.min(end, i0 + BLOCK), j1 = Math.min(n, j0 + BLOCK); i < i1; i++)
                        for (int j = j0, xo = xOff + i * n, t = base + j0 * pw + i - c0; j < j1; j++, t += pw) xt[t] = x[xo + j];
            c0 += pw;
        }
        return xt;
    }

    /** y[yOff + i·yStride + k] = out[k·mp + i] for i < m, k < nb: the block's sums back to row-major outputs. */
    static void untranspose(float[] out, int nb, int mp, int m, float[] y, int yOff, int yStride) {
        for (int i0 = 0; i0 < m; i0 += BLOCK)
            for (int k0 = 0; k0 < nb; k0 += BLOCK)
                for (int i = i0, i1 = Math.min(m, i0 + BLOCK), k1 = Math.min(nb, k0 + BLOCK); i < i1; i++)
                    for (int k = k0, yo = yOff + i * yStride; k < k1; k++) y[yo + k] = out[k * mp + i];
    }

    /**
     * out[k·mp + i] += Σ_{j < n} w[k·ws + j0 + j]·x_i[j0 + j] for k < nb, i < mp: the products of one chunk
     * of n columns (from column j0, of cols in all; weight rows ws apart), continuing each sum where
     * the previous chunk left it (only with {@link #minRows()} > 0).
     */
    static void multiplyAdd(float[] w, int ws, int nb, int n, float[] xt, int cols, int mp, int j0, float[] out) {
        VectorInputTiles.multiplyAdd(w, ws, nb, n, xt, cols, mp, j0, out);
    }
}
