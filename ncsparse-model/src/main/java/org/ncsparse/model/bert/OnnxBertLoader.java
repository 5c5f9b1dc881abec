package org.ncsparse.model.bert;

import org.ncsparse.model.onnx.OnnxModel;
import org.ncsparse.model.onnx.OnnxNode;
import org.ncsparse.model.onnx.OnnxTensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Hugging Face BERT ONNX export (opset 11, attention spelled out as ops) to {@link BertWeights}.
 *
 * <p>Named initializers ({@code encoder.layer.i.attention.self.query.bias}, ...) are taken by name.
 * The six weight matrices per layer are anonymous ({@code onnx::MatMul_NNN}, stored [in, out]); they
 * are found through the MatMul node named {@code /encoder/layer.i/attention/self/query/MatMul} etc.
 * Hyper-parameters come from the graph: heads and head dim from the constants of the query Reshape's
 * shape Concat, the score scale from the attention Div constant, LayerNorm eps from the Add constant.
 */
public final class OnnxBertLoader {
    private final OnnxModel model;
    private final Map<String, OnnxNode> byName = new HashMap<>();
    private final Map<String, OnnxNode> byOutput = new HashMap<>();

    private OnnxBertLoader(OnnxModel model) {
        this.model = model;
        for (OnnxNode n : model.nodes()) {
            byName.put(n.name(), n);
            for (String o : n.outputs()) byOutput.put(o, n);
        }
    }

    public static BertWeights load(OnnxModel model) {
        return new OnnxBertLoader(model).load();
    }

    private BertWeights load() {
        OnnxTensor word = model.initializer("embeddings.word_embeddings.weight");
        OnnxTensor pos = model.initializer("embeddings.position_embeddings.weight");
        OnnxTensor type = model.initializer("embeddings.token_type_embeddings.weight");
        requireRank(word, 2); requireRank(pos, 2); requireRank(type, 2);
        int hidden = word.dim(1);
        int layers = 0;
        while (byName.containsKey("/encoder/layer." + layers + "/attention/self/query/MatMul")) layers++;
        if (layers == 0) throw new IllegalArgumentException("ONNX graph has no node /encoder/layer.0/attention/self/query/MatMul: not a BERT export");
        int ffn = matmulWeight(0, "intermediate/dense").dim(1);
        int[] headShape = headShape();
        int heads = headShape[0];
        if ((long) heads * headShape[1] != hidden)
            throw new IllegalArgumentException("graph says " + heads + " heads x " + headShape[1] + " dims, but hidden is " + hidden);
        float divisor = scalar(constantInput("/encoder/layer.0/attention/self/Div", 1));
        float eps = scalar(constantInput("/encoder/layer.0/attention/output/LayerNorm/Add", 1));
        if (!(divisor > 0)) throw new IllegalArgumentException("attention score divisor must be > 0, got " + divisor);
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm epsilon must be > 0, got " + eps);
        BertConfig cfg = new BertConfig(layers, hidden, heads, ffn, word.dim(0), pos.dim(0), type.dim(0), eps, 1f / divisor);
        List<LayerWeights> ls = new ArrayList<>();
        for (int l = 0; l < layers; l++) ls.add(layer(l, cfg));
        return new BertWeights(cfg, word.toFiniteFloats(), vector(pos, pos.dim(0), hidden), vector(type, type.dim(0), hidden),
                vec("embeddings.LayerNorm.weight", hidden), vec("embeddings.LayerNorm.bias", hidden), ls);
    }

    private LayerWeights layer(int l, BertConfig c) {
        int h = c.hidden(), f = c.ffn();
        String p = "encoder.layer." + l + ".";
        return new LayerWeights(
                mat(l, "attention/self/query", h, h), vec(p + "attention.self.query.bias", h),
                mat(l, "attention/self/key", h, h), vec(p + "attention.self.key.bias", h),
                mat(l, "attention/self/value", h, h), vec(p + "attention.self.value.bias", h),
                mat(l, "attention/output/dense", h, h), vec(p + "attention.output.dense.bias", h),
                vec(p + "attention.output.LayerNorm.weight", h), vec(p + "attention.output.LayerNorm.bias", h),
                mat(l, "intermediate/dense", h, f), vec(p + "intermediate.dense.bias", f),
                mat(l, "output/dense", f, h), vec(p + "output.dense.bias", h),
                vec(p + "output.LayerNorm.weight", h), vec(p + "output.LayerNorm.bias", h));
    }

    /** The [in, out] weight of {@code /encoder/layer.l/<path>/MatMul}, checked against the expected shape. */
    private float[] mat(int l, String path, int in, int out) {
        OnnxTensor t = matmulWeight(l, path);
        if (t.rank() != 2 || t.dim(0) != in || t.dim(1) != out)
            throw new IllegalArgumentException("weight of layer " + l + " " + path + " ('" + t.name() + "') has dims "
                    + java.util.Arrays.toString(t.dims()) + ", expected [" + in + ", " + out + "]");
        return t.toFiniteFloats();
    }

    private OnnxTensor matmulWeight(int l, String path) {
        String node = "/encoder/layer." + l + "/" + path + "/MatMul";
        OnnxNode n = byName.get(node);
        if (n == null) throw new IllegalArgumentException("ONNX graph has no node " + node);
        for (String in : n.inputs()) if (model.initializers().containsKey(in)) return model.initializer(in);
        throw new IllegalArgumentException("node " + node + " has no initializer input (inputs " + n.inputs() + ")");
    }

    private float[] vec(String name, int len) {
        return vector(model.initializer(name), 1, len);
    }

    private static float[] vector(OnnxTensor t, int rows, int cols) {
        if ((long) rows * cols != t.size())
            throw new IllegalArgumentException("ONNX tensor '" + t.name() + "' has " + t.size() + " elements, expected " + rows + " x " + cols);
        return t.toFiniteFloats();
    }

    private static void requireRank(OnnxTensor t, int rank) {
        if (t.rank() != rank) throw new IllegalArgumentException("ONNX tensor '" + t.name() + "' has rank " + t.rank() + ", expected " + rank);
    }

    /** [heads, headDim]: the two constant inputs of the Concat that builds the query Reshape's target shape. */
    private int[] headShape() {
        OnnxNode reshape = byName.get("/encoder/layer.0/attention/self/Reshape");
        if (reshape == null || reshape.inputs().size() < 2) throw new IllegalArgumentException("ONNX graph lacks the attention Reshape node");
        OnnxNode concat = byOutput.get(reshape.inputs().get(1));
        if (concat == null || !concat.opType().equals("Concat") || concat.inputs().size() != 4)
            throw new IllegalArgumentException("attention Reshape's shape is not a 4-input Concat");
        long heads = longScalar(constant(concat.inputs().get(2)));
        long dim = longScalar(constant(concat.inputs().get(3)));
        if (heads <= 0 || dim <= 0 || heads > 4096 || dim > 4096) throw new IllegalArgumentException("bad head shape " + heads + " x " + dim);
        return new int[] {(int) heads, (int) dim};
    }

    private OnnxTensor constantInput(String nodeName, int input) {
        OnnxNode n = byName.get(nodeName);
        if (n == null || n.inputs().size() <= input) throw new IllegalArgumentException("ONNX graph lacks node " + nodeName);
        return constant(n.inputs().get(input));
    }

    /** The tensor behind a value name: an initializer, or the 'value' of a Constant node. */
    private OnnxTensor constant(String value) {
        if (model.initializers().containsKey(value)) return model.initializer(value);
        OnnxNode n = byOutput.get(value);
        if (n != null && n.opType().equals("Constant") && n.tensorAttributes().containsKey("value")) return n.tensorAttributes().get("value");
        throw new IllegalArgumentException("ONNX value '" + value + "' is not a constant");
    }

    private static float scalar(OnnxTensor t) {
        if (t.size() != 1) throw new IllegalArgumentException("ONNX constant '" + t.name() + "' is not a scalar");
        return t.toFiniteFloats()[0];
    }

    private static long longScalar(OnnxTensor t) {
        if (t.size() != 1) throw new IllegalArgumentException("ONNX constant '" + t.name() + "' is not a scalar");
        return t.toLongs()[0];
    }
}
