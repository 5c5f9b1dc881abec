package org.ncsparse.model.tensor;

/**
 * A read-only weight matrix W of shape [rows][cols] in its stored type (usually memory-mapped, never
 * copied whole into the heap). A linear layer y = W·x has rows = output features, cols = input features:
 * the orientation of a Hugging Face {@code [out, in]} tensor and of a GGUF tensor with ne = [in, out].
 * Quantised types are dequantised block by block inside the products.
 */
public interface WeightMatrix {
    String name();
    TensorType type();
    int rows();
    int cols();

    /** y[yOff + r] = Σ_c W[r][c]·x[xOff + c] for r in [rowFrom, rowTo). */
    void matVec(float[] x, int xOff, float[] y, int yOff, int rowFrom, int rowTo);

    /**
     * Y = X·Wᵀ for m input rows: X is [m][cols] at xOff, Y is [m][rows] at yOff, using up to
     * {@code threads} threads of the shared pool. Prefill calls this with row blocks of the prompt.
     */
    void matMul(float[] x, int xOff, int m, float[] y, int yOff, int threads);

    /** Row r, dequantised, into dst[off .. off + cols) (embedding lookup). */
    void row(int r, float[] dst, int off);
}
