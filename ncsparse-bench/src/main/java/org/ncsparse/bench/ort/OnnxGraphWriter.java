package org.ncsparse.bench.ort;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a one-node ONNX model (protobuf wire format) so ONNX Runtime can run a single operator on
 * inputs the benchmark owns. Field numbers are those of onnx.proto: ModelProto{ir_version 1,
 * opset_import 8, graph 7}, GraphProto{node 1, name 2, input 11, output 12}, NodeProto{input 1,
 * output 2, op_type 4, attribute 5, domain 7}, AttributeProto{name 1, f 2, i 3, type 20},
 * ValueInfoProto{name 1, type 2}, TypeProto{tensor_type 1}, TypeProto.Tensor{elem_type 1, shape 2},
 * TensorShapeProto{dim 1}, Dimension{dim_value 1}.
 */
public final class OnnxGraphWriter {
    /** TensorProto.DataType values used here. */
    public static final int FLOAT = 1, INT32 = 6;

    private final String opType, domain;
    private final List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
    private final List<byte[]> attributes = new ArrayList<>(), inputInfos = new ArrayList<>(), outputInfos = new ArrayList<>();

    /** One node of {@code opType} in {@code domain} ("" for the default ONNX domain, or "com.microsoft"). */
    public OnnxGraphWriter(String opType, String domain) {
        this.opType = opType;
        this.domain = domain;
    }

    /** A graph input feeding the node; {@code name} "" leaves an optional node input out. */
    public OnnxGraphWriter input(String name, int elemType, long... dims) {
        inputs.add(name);
        if (!name.isEmpty()) inputInfos.add(valueInfo(name, elemType, dims));
        return this;
    }

    /** A node output; only those with dims become graph outputs (the others are computed but dropped). */
    public OnnxGraphWriter output(String name, int elemType, long... dims) {
        outputs.add(name);
        if (dims != null) outputInfos.add(valueInfo(name, elemType, dims));
        return this;
    }

    public OnnxGraphWriter attribute(String name, long value) {
        attributes.add(new Proto().string(1, name).intField(3, value).intField(20, 2).bytes());
        return this;
    }

    public OnnxGraphWriter attribute(String name, float value) {
        attributes.add(new Proto().string(1, name).fixed32(2, Float.floatToRawIntBits(value)).intField(20, 1).bytes());
        return this;
    }

    /** The serialised ModelProto at {@code irVersion}, importing the default opset {@code onnxOpset} and com.microsoft 1. */
    public byte[] model(int irVersion, int onnxOpset) {
        Proto node = new Proto();
        for (String in : inputs) node.string(1, in);
        for (String out : outputs) node.string(2, out);
        node.string(3, opType + "_0").string(4, opType);
        for (byte[] a : attributes) node.bytes(5, a);
        if (!domain.isEmpty()) node.string(7, domain);
        Proto graph = new Proto().bytes(1, node.bytes()).string(2, "ncsparse_peer_" + opType);
        for (byte[] v : inputInfos) graph.bytes(11, v);
        for (byte[] v : outputInfos) graph.bytes(12, v);
        Proto model = new Proto().intField(1, irVersion).string(2, "ncsparse-bench");
        model.bytes(8, new Proto().string(1, "").intField(2, onnxOpset).bytes());
        model.bytes(8, new Proto().string(1, "com.microsoft").intField(2, 1).bytes());
        return model.bytes(7, graph.bytes()).bytes();
    }

    private static byte[] valueInfo(String name, int elemType, long[] dims) {
        Proto shape = new Proto();
        for (long d : dims) shape.bytes(1, new Proto().intField(1, d).bytes());
        Proto tensor = new Proto().intField(1, elemType).bytes(2, shape.bytes());
        return new Proto().string(1, name).bytes(2, new Proto().bytes(1, tensor.bytes()).bytes()).bytes();
    }

    /** Protobuf wire format: varint (0), 32-bit (5) and length-delimited (2) fields. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Proto varint(long v) {
            while ((v & ~0x7FL) != 0) { out.write((int) (v & 0x7F) | 0x80); v >>>= 7; }
            out.write((int) v);
            return this;
        }

        private Proto key(int field, int wire) { return varint((long) field << 3 | wire); }

        Proto intField(int field, long v) { return key(field, 0).varint(v); }

        Proto fixed32(int field, int bits) {
            key(field, 5);
            for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i) & 0xFF);
            return this;
        }

        Proto bytes(int field, byte[] b) { key(field, 2).varint(b.length); out.writeBytes(b); return this; }

        Proto string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

        byte[] bytes() { return out.toByteArray(); }
    }
}
