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

    /** The panels of x (m rows of n floats from xOff), padded with zero rows to mp (a multiple of {@link #lanes()}). */
    static float[] transpose(float[] x, int xOff, int m, int n, int mp) {
        float[] xt = new float[Math.multiplyExact(n, mp)];
        for (int c0 = 0; c0 < m; ) {
            int pw = panelWidth(mp - c0), base = c0 * n;
            for (int i = c0, end = Math.min(m, c0 + pw); i < end; i++)
                for (int j = 0, xo = xOff + i * n, t = base + i - c0; j < n; j++, t += pw) xt[t] = x[xo + j];
            c0 += pw;
        }
        return xt;
    }

    /**
     * out[k·mp + i] += Σ_{j < n} w[k·n + j]·x_i[j0 + j] for k < nb, i < mp: the products of one chunk
     * of n columns (from column j0, of cols in all), continuing each sum where the previous chunk left
     * it (only with {@link #minRows()} > 0).
     */
    static void multiplyAdd(float[] w, int nb, int n, float[] xt, int cols, int mp, int j0, float[] out) {
        VectorInputTiles.multiplyAdd(w, nb, n, xt, cols, mp, j0, out);
    }
}
