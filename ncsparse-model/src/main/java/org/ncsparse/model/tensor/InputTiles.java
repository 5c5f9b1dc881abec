package org.ncsparse.model.tensor;

import org.ncsparse.kernel.Simd;

/**
 * The inner kernel of {@link MappedMatrix#matMul} for many input rows: the m input rows are
 * transposed once into xt[j·mp + i] (mp = m rounded up to {@link #lanes()}, zero-padded), so for a
 * decoded weight row w the outputs of all inputs come from broadcast(w[j]) × load(xt row j), the
 * accumulators of 4 weight rows × 2 vectors of inputs staying in registers.
 *
 * <p>Each output out[k·mp + i] = Σ_j w[k][j]·x[i][j] is one fused multiply-add per j in ascending j
 * on every path (each tile, each vector width, plain Java), so all give the same bits.
 */
final class InputTiles {
    private InputTiles() {}

    private static final boolean VECTOR = Simd.vectorized();

    /** Inputs per vector (the padding unit of mp); 1 in plain Java. */
    static int lanes() { return VECTOR ? VectorInputTiles.L : 1; }

    /** xt[j·mp + i] = x[xOff + i·n + j] for i < m, zero for m ≤ i < mp. */
    static float[] transpose(float[] x, int xOff, int m, int n, int mp) {
        float[] xt = new float[Math.multiplyExact(n, mp)];
        for (int i = 0; i < m; i++)
            for (int j = 0, xo = xOff + i * n; j < n; j++) xt[j * mp + i] = x[xo + j];
        return xt;
    }

    /** out[k·mp + i] = Σ_j w[k·n + j]·xt[j·mp + i] for k < nb, i < mp. */
    static void multiply(float[] w, int nb, int n, float[] xt, int mp, float[] out) {
        if (VECTOR) { VectorInputTiles.multiply(w, nb, n, xt, mp, out); return; }
        for (int k = 0; k < nb; k++)
            for (int i = 0; i < mp; i++) {
                float s = 0;
                for (int j = 0; j < n; j++) s = Math.fma(w[k * n + j], xt[j * mp + i], s);
                out[k * mp + i] = s;
            }
    }
}
