package org.ncsparse.model.llama;

import org.ncsparse.model.llama.WeightNaming.Role;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tensor.WeightMatrix;

/**
 * The weights of a Llama-family decoder, looked up by name and checked against the config. Matrices
 * stay in their stored type (memory-mapped); only norm weights and biases are read into floats.
 * Shapes are [rows = outputs][cols = inputs].
 */
public record LlamaWeights(WeightMatrix embed, float[] norm, WeightMatrix output, Layer[] layers) {

    /**
     * One block. Shapes: attnNorm, ffnNorm (hidden); wq (heads·hd, hidden); wk, wv (kvHeads·hd, hidden);
     * wo (hidden, heads·hd); gate, up (ffn, hidden); down (hidden, ffn); biases (rows of their matrix) or null.
     */
    public record Layer(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
                        float[] bq, float[] bk, float[] bv, float[] bo,
                        float[] ffnNorm, WeightMatrix gate, WeightMatrix up, WeightMatrix down) {}

    /**
     * Looks every tensor up and checks its shape; a tensor that is missing or has the wrong shape gives
     * an IllegalArgumentException naming it. Without an output matrix the embedding is used (tied).
     */
    public static LlamaWeights load(TensorStore store, WeightNaming names, LlamaConfig c) {
        int h = c.hidden();
        WeightMatrix embed = matrix(store, names.embed, c.vocab(), h);
        float[] norm = vector(store, names.norm, h);
        WeightMatrix output = c.tiedEmbeddings() || !store.contains(names.output) ? embed : matrix(store, names.output, c.vocab(), h);
        Layer[] layers = new Layer[c.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Layer(vector(store, names.layer(l, Role.ATTN_NORM), h),
                    matrix(store, names.layer(l, Role.Q), c.qDim(), h), matrix(store, names.layer(l, Role.K), c.kvDim(), h),
                    matrix(store, names.layer(l, Role.V), c.kvDim(), h), matrix(store, names.layer(l, Role.O), h, c.qDim()),
                    optionalVector(store, names.layer(l, Role.Q_BIAS), c.qDim()), optionalVector(store, names.layer(l, Role.K_BIAS), c.kvDim()),
                    optionalVector(store, names.layer(l, Role.V_BIAS), c.kvDim()), optionalVector(store, names.layer(l, Role.O_BIAS), h),
                    vector(store, names.layer(l, Role.FFN_NORM), h),
                    matrix(store, names.layer(l, Role.GATE), c.ffn(), h), matrix(store, names.layer(l, Role.UP), c.ffn(), h),
                    matrix(store, names.layer(l, Role.DOWN), h, c.ffn()));
        }
        return new LlamaWeights(embed, norm, output, layers);
    }

    /** True when the output projection is the token embedding. */
    public boolean tied() { return output == embed; }

    private static WeightMatrix matrix(TensorStore store, String name, int rows, int cols) {
        if (!store.contains(name)) throw new IllegalArgumentException("tensor '" + name + "' is missing");
        WeightMatrix m = store.matrix(name);
        if (m.rows() != rows || m.cols() != cols)
            throw new IllegalArgumentException("tensor '" + name + "' has shape [" + m.rows() + ", " + m.cols()
                    + "], the config needs [" + rows + ", " + cols + "]");
        return m;
    }

    private static float[] vector(TensorStore store, String name, int length) {
        if (!store.contains(name)) throw new IllegalArgumentException("tensor '" + name + "' is missing");
        long[] shape = store.shape(name);
        if (shape.length != 1 || shape[0] != length)
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + ", the config needs [" + length + "]");
        return store.floats(name, length);
    }

    private static float[] optionalVector(TensorStore store, String name, int length) {
        return store.contains(name) ? vector(store, name, length) : null;
    }
}
