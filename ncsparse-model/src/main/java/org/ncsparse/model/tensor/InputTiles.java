package org.ncsparse.model.tensor;

import org.ncsparse.kernel.Simd;

/**
 * The inner kernel of {@link MappedMatrix#matMul} for many input rows: the m input rows are
 * transposed once into xt[j·mp + i] (mp = m rounded up to {@link #lanes()}, zero-padded), so for a
 * decoded weight row w the outputs of all inputs come from broadcast(w[j]) × load(xt row j), the
 * accumulators of 4 weight rows × 4 vectors of inputs (4 × 2, 4 × 1 at the edges) staying in registers.
 *
 * <p>Each output out[k·mp + i] = Σ_j w[k][j]·x[i][j] is one fused multiply-add per j in ascending j
 * on every tile shape, so the thread count (which block a thread takes) never changes the bits.
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

    /** xt[j·mp + i] = x[xOff + i·n + j] for i < m, zero for m ≤ i < mp. */
    static float[] transpose(float[] x, int xOff, int m, int n, int mp) {
        float[] xt = new float[Math.multiplyExact(n, mp)];
        for (int i = 0; i < m; i++)
            for (int j = 0, xo = xOff + i * n; j < n; j++) xt[j * mp + i] = x[xo + j];
        return xt;
    }

    /** out[k·mp + i] = Σ_j w[k·n + j]·xt[j·mp + i] for k < nb, i < mp (only with {@link #minRows()} > 0). */
    static void multiply(float[] w, int nb, int n, float[] xt, int mp, float[] out) {
        VectorInputTiles.multiply(w, nb, n, xt, mp, out);
    }
}
