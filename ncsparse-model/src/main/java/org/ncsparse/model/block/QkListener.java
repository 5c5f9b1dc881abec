package org.ncsparse.model.block;

/**
 * Sees each layer's projected queries and keys, laid out [heads][n][headDim] row-major, before
 * attention runs. Profiling uses it to measure the exact attention rows of a real model.
 * The arrays are owned by the encoder: copy what you keep.
 */
@FunctionalInterface
public interface QkListener {
    void onLayer(int layer, float[] q, float[] k, int heads, int n, int headDim, float scale);
}
