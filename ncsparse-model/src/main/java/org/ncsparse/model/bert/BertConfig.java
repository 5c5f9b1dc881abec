package org.ncsparse.model.bert;

/**
 * Hyper-parameters of a BERT encoder, as read from the ONNX graph.
 *
 * @param layers     number of transformer layers
 * @param hidden     hidden size H
 * @param heads      attention heads; head dim = H / heads
 * @param ffn        intermediate (feed-forward) size
 * @param vocab      vocabulary size
 * @param positions  maximum positions (512)
 * @param typeVocab  token-type vocabulary (2)
 * @param layerNormEps epsilon of every LayerNorm
 * @param scoreScale logit scale s = 1 / divisor of the graph's attention Div node (1/sqrt(headDim))
 */
public record BertConfig(int layers, int hidden, int heads, int ffn, int vocab, int positions, int typeVocab,
                         float layerNormEps, float scoreScale) {
    public BertConfig {
        if (layers <= 0 || hidden <= 0 || heads <= 0 || ffn <= 0 || vocab <= 0 || positions <= 0 || typeVocab <= 0)
            throw new IllegalArgumentException("BERT config dimensions must be positive: " + this);
        if (hidden % heads != 0) throw new IllegalArgumentException("hidden " + hidden + " is not a multiple of heads " + heads);
        if (!(layerNormEps > 0) || !(scoreScale > 0)) throw new IllegalArgumentException("eps and scale must be positive: " + this);
    }

    public int headDim() { return hidden / heads; }
}
