package org.ncsparse.model.tensor;

import java.io.IOException;
import java.util.Set;

/**
 * The named tensors of one checkpoint (one or several files), memory-mapped. Shapes are given
 * outermost dimension first (row-major), whatever the file stores: a GGUF tensor with
 * ne = [in, out] is reported as [out, in].
 */
public interface TensorStore extends AutoCloseable {
    /** Every tensor name, as stored in the file. */
    Set<String> names();

    boolean contains(String name);

    TensorType type(String name);

    /** Shape, outermost first. */
    long[] shape(String name);

    /** A 2-D tensor as a matrix; IllegalArgumentException naming the tensor if it is not 2-D or absent. */
    WeightMatrix matrix(String name);

    /** A tensor of any rank, dequantised to floats (norm weights, biases); refuses more than {@code maxElements}. */
    float[] floats(String name, int maxElements);

    /** Unmaps the files; matrices obtained before are invalid afterwards. */
    @Override void close() throws IOException;
}
