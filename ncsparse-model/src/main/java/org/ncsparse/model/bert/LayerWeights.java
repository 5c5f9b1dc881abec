package org.ncsparse.model.bert;

/**
 * Weights of one BERT layer. Matrices are stored [in][out] row-major (as in the ONNX MatMul
 * initializers), so y = x W + b with x a row vector.
 */
public record LayerWeights(float[] wq, float[] bq, float[] wk, float[] bk, float[] wv, float[] bv,
                           float[] wo, float[] bo, float[] ln1Gamma, float[] ln1Beta,
                           float[] wi, float[] bi, float[] wf, float[] bf, float[] ln2Gamma, float[] ln2Beta) {
}
