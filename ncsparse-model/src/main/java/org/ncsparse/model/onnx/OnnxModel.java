package org.ncsparse.model.onnx;

import org.ncsparse.model.hf.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model read with only the protobuf wire format: the fields we need are
 * ModelProto{7 graph, 8 opset_import}, GraphProto{1 node, 5 initializer, 11 input, 12 output},
 * NodeProto{1 input, 2 output, 3 name, 4 op_type, 5 attribute}, AttributeProto{1 name, 2 f, 3 i, 5 t},
 * TensorProto{1 dims, 2 data_type, 4 float_data, 5 int32_data, 7 int64_data, 8 name, 9 raw_data,
 * 14 data_location}. Everything else is skipped. Tensor data stays in the file's byte array.
 */
public final class OnnxModel {
    /** Files above this size are refused before reading (protobuf itself is capped at 2 GiB). */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private final Map<String, OnnxTensor> initializers;
    private final List<OnnxNode> nodes;
    private final List<String> inputs;
    private final List<String> outputs;
    private final long opset;

    private OnnxModel(Map<String, OnnxTensor> initializers, List<OnnxNode> nodes, List<String> inputs, List<String> outputs, long opset) {
        this.initializers = initializers;
        this.nodes = nodes;
        this.inputs = inputs;
        this.outputs = outputs;
        this.opset = opset;
    }

    /** Reads a regular file of at most {@link #MAX_BYTES} (FIFOs and devices are refused before reading). */
    public static OnnxModel read(Path file) throws IOException {
        byte[] bytes = StrictJson.readBounded(file, MAX_BYTES);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read ONNX file " + file + ": " + e.getMessage(), e);
        }
    }

    public static OnnxModel read(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_BYTES);
        if (in.read() != -1) throw new IOException("ONNX stream " + what + " exceeds the 2 GiB protobuf limit");
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read ONNX model " + what + ": " + e.getMessage(), e);
        }
    }

    /** Parses a whole ModelProto; throws IllegalArgumentException naming the problem. */
    public static OnnxModel parse(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes, 0, bytes.length, "model");
        ProtoReader graph = null;
        long opset = -1;
        while (r.hasMore()) {
            int key = r.readKey();
            int f = ProtoReader.field(key), wt = ProtoReader.wireType(key);
            if (f == 7 && wt == ProtoReader.LEN) {
                graph = r.readMessage("graph");
            } else if (f == 8 && wt == ProtoReader.LEN) {
                ProtoReader op = r.readMessage("opset_import");
                String domain = "";
                long version = -1;
                while (op.hasMore()) {
                    int k = op.readKey();
                    if (ProtoReader.field(k) == 1 && ProtoReader.wireType(k) == ProtoReader.LEN) domain = op.readString();
                    else if (ProtoReader.field(k) == 2 && ProtoReader.wireType(k) == ProtoReader.VARINT) version = op.readVarint();
                    else op.skip(ProtoReader.wireType(k));
                }
                if (domain.isEmpty() || domain.equals("ai.onnx")) opset = version;
            } else {
                r.skip(wt);
            }
        }
        if (graph == null) throw new IllegalArgumentException("ONNX model has no graph (field 7): not an ONNX file, or truncated");
        Map<String, OnnxTensor> inits = new LinkedHashMap<>();
        List<OnnxNode> nodes = new ArrayList<>();
        List<String> ins = new ArrayList<>(), outs = new ArrayList<>();
        while (graph.hasMore()) {
            int key = graph.readKey();
            int f = ProtoReader.field(key), wt = ProtoReader.wireType(key);
            if (wt != ProtoReader.LEN) { graph.skip(wt); continue; }
            switch (f) {
                case 1 -> nodes.add(readNode(graph.readMessage("node #" + nodes.size())));
                case 5 -> {
                    OnnxTensor t = readTensor(graph.readMessage("initializer #" + inits.size()));
                    if (inits.put(t.name(), t) != null) throw new IllegalArgumentException("ONNX initializer '" + t.name() + "' appears twice");
                }
                case 11 -> ins.add(readValueInfoName(graph.readMessage("graph input")));
                case 12 -> outs.add(readValueInfoName(graph.readMessage("graph output")));
                default -> graph.skip(wt);
            }
        }
        return new OnnxModel(inits, List.copyOf(nodes), List.copyOf(ins), List.copyOf(outs), opset);
    }

    private static String readValueInfoName(ProtoReader r) {
        String name = "";
        while (r.hasMore()) {
            int k = r.readKey();
            if (ProtoReader.field(k) == 1 && ProtoReader.wireType(k) == ProtoReader.LEN) name = r.readString();
            else r.skip(ProtoReader.wireType(k));
        }
        return name;
    }

    private static OnnxNode readNode(ProtoReader r) {
        String name = "", op = "";
        List<String> in = new ArrayList<>(), out = new ArrayList<>();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        Map<String, Double> numbers = new LinkedHashMap<>();
        while (r.hasMore()) {
            int k = r.readKey();
            int f = ProtoReader.field(k), wt = ProtoReader.wireType(k);
            if (wt != ProtoReader.LEN) { r.skip(wt); continue; }
            switch (f) {
                case 1 -> in.add(r.readString());
                case 2 -> out.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> op = r.readString();
                case 5 -> readAttribute(r.readMessage("attribute of node '" + name + "'"), tensors, numbers);
                default -> r.skip(wt);
            }
        }
        return new OnnxNode(name, op, List.copyOf(in), List.copyOf(out), tensors, numbers);
    }

    private static void readAttribute(ProtoReader r, Map<String, OnnxTensor> tensors, Map<String, Double> numbers) {
        String name = "";
        Double number = null;
        OnnxTensor tensor = null;
        while (r.hasMore()) {
            int k = r.readKey();
            int f = ProtoReader.field(k), wt = ProtoReader.wireType(k);
            if (f == 1 && wt == ProtoReader.LEN) name = r.readString();
            else if (f == 2 && wt == ProtoReader.FIXED32) number = (double) Float.intBitsToFloat(r.readFixed32());
            else if (f == 3 && wt == ProtoReader.VARINT) number = (double) r.readVarint();
            else if (f == 5 && wt == ProtoReader.LEN) tensor = readTensor(r.readMessage("attribute tensor"));
            else r.skip(wt);
        }
        if (number != null) numbers.put(name, number);
        if (tensor != null) tensors.put(name, tensor);
    }

    /** TensorProto; packed and unpacked repeated numeric fields are both accepted. */
    static OnnxTensor readTensor(ProtoReader r) {
        String name = "";
        LongList dims = new LongList();
        int dataType = 0;
        int rawOffset = -1, rawLength = 0;
        FloatList floats = null;
        LongList ints = null;
        while (r.hasMore()) {
            int k = r.readKey();
            int f = ProtoReader.field(k), wt = ProtoReader.wireType(k);
            switch (f) {
                case 1 -> readVarints(r, wt, dims);
                case 2 -> dataType = (int) r.readVarint();
                case 4 -> {
                    if (floats == null) floats = new FloatList();
                    if (wt == ProtoReader.LEN) {
                        int len = r.readLength();
                        if (len % 4 != 0) throw r.corrupt("packed float_data of " + len + " bytes is not a multiple of 4");
                        ProtoReader p = new ProtoReader(r.buffer(), r.position(), len, "float_data");
                        while (p.hasMore()) floats.add(Float.intBitsToFloat(p.readFixed32()));
                        r.skipBytes(len);
                    } else if (wt == ProtoReader.FIXED32) {
                        floats.add(Float.intBitsToFloat(r.readFixed32()));
                    } else throw r.corrupt("float_data with wire type " + wt);
                }
                case 5, 7 -> { if (ints == null) ints = new LongList(); readVarints(r, wt, ints); }
                case 8 -> name = r.readString();
                case 9 -> { rawLength = r.readLength(); rawOffset = r.position(); r.skipBytes(rawLength); }
                case 14 -> {
                    long loc = r.readVarint();
                    if (loc != 0) throw r.corrupt("tensor '" + name + "' uses external data, which is not supported");
                }
                default -> r.skip(wt);
            }
        }
        if (dataType == 0) throw new IllegalArgumentException("ONNX tensor '" + name + "' has no data_type");
        OnnxTensor.elementSize(name, dataType);
        if (rawOffset >= 0) return new OnnxTensor(name, dims.toArray(), dataType, r.buffer(), rawOffset, rawLength, null, null);
        return new OnnxTensor(name, dims.toArray(), dataType, null, 0, 0,
                floats == null ? null : floats.toArray(), ints == null ? (floats == null ? new long[0] : null) : ints.toArray());
    }

    private static void readVarints(ProtoReader r, int wt, LongList out) {
        if (wt == ProtoReader.LEN) {
            int len = r.readLength();
            ProtoReader p = new ProtoReader(r.buffer(), r.position(), len, "packed varints");
            while (p.hasMore()) out.add(p.readVarint());
            r.skipBytes(len);
        } else if (wt == ProtoReader.VARINT) {
            out.add(r.readVarint());
        } else {
            throw r.corrupt("repeated integer field with wire type " + wt);
        }
    }

    public Map<String, OnnxTensor> initializers() { return initializers; }

    public OnnxTensor initializer(String name) {
        OnnxTensor t = initializers.get(name);
        if (t == null) throw new IllegalArgumentException("ONNX model has no initializer '" + name + "'");
        return t;
    }

    public List<OnnxNode> nodes() { return nodes; }

    public List<String> inputs() { return inputs; }

    public List<String> outputs() { return outputs; }

    public long opset() { return opset; }

    /** Growable primitive lists: counts only grow with bytes actually present, so no hostile pre-sizing. */
    static final class LongList {
        long[] a = new long[4];
        int n;
        void add(long v) { if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2); a[n++] = v; }
        long[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }

    static final class FloatList {
        float[] a = new float[4];
        int n;
        void add(float v) { if (n == a.length) a = java.util.Arrays.copyOf(a, n * 2); a[n++] = v; }
        float[] toArray() { return java.util.Arrays.copyOf(a, n); }
    }
}
