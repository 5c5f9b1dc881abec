package org.ncsparse.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: writes protobuf wire format to build small (and broken) ONNX files. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(long v) {
        while ((v & ~0x7FL) != 0) { out.write((int) (v & 0x7F) | 0x80); v >>>= 7; }
        out.write((int) v);
        return this;
    }

    ProtoWriter key(int field, int wire) { return varint((long) field << 3 | wire); }

    ProtoWriter intField(int field, long v) { return key(field, 0).varint(v); }

    ProtoWriter bytes(int field, byte[] b) { key(field, 2).varint(b.length); out.writeBytes(b); return this; }

    ProtoWriter string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    ProtoWriter message(int field, ProtoWriter m) { return bytes(field, m.toBytes()); }

    byte[] toBytes() { return out.toByteArray(); }

    /** TensorProto with dims, data type and raw little-endian bytes. */
    static ProtoWriter tensor(String name, long[] dims, int type, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.intField(1, d);
        t.intField(2, type).string(8, name);
        if (raw != null) t.bytes(9, raw);
        return t;
    }

    /** ModelProto{opset 11, graph{initializers}}. */
    static byte[] model(ProtoWriter... initializers) {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter t : initializers) g.message(5, t);
        ProtoWriter op = new ProtoWriter().string(1, "").intField(2, 11);
        return new ProtoWriter().intField(1, 7).message(8, op).message(7, g).toBytes();
    }
}
