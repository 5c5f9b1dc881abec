package org.ncsparse.model.bert;

import java.util.List;

/** All weights of a BERT encoder: embeddings (+ their LayerNorm) and the layers. */
public record BertWeights(BertConfig config, float[] wordEmbeddings, float[] positionEmbeddings,
                          float[] typeEmbeddings, float[] embGamma, float[] embBeta, List<LayerWeights> layers) {
    public BertWeights {
        if (layers.size() != config.layers()) throw new IllegalArgumentException("expected " + config.layers() + " layers, got " + layers.size());
        layers = List.copyOf(layers);
    }
}
