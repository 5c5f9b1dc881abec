package org.ncsparse.model.onnx;

import java.util.List;
import java.util.Map;

/** One graph node: name, op type, input/output value names and its tensor/number attributes. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
                       Map<String, OnnxTensor> tensorAttributes, Map<String, Double> numberAttributes) {
}
