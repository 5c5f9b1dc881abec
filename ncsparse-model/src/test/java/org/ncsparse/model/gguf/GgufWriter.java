package org.ncsparse.model.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ncsparse.model.tensor.TensorType;

/** Java-side GGUF v3 writer for tests (valid files to read and to mutate); the Python writer is the independent one. */
final class GgufWriter {
    /** ne innermost first; offset -1: placed after the previous tensor. */
    record Tensor(String name, long typeId, long[] ne, long offset, byte[] data) {}

    private final Map<String, byte[]> kv = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private int alignment = 32;

    GgufWriter string(String key, String v) { kv.put(key, cat(u32(8), str(v))); return this; }
    GgufWriter u32(String key, long v) { kv.put(key, cat(u32(4), u32(v))); return this; }
    GgufWriter f32(String key, float v) { kv.put(key, cat(u32(6), le(4).putFloat(v).array())); return this; }
    GgufWriter strings(String key, String... v) {
        List<byte[]> parts = new ArrayList<>(List.of(u32(9), u32(8), le(8).putLong(v.length).array()));
        for (String s : v) parts.add(str(s));
        kv.put(key, cat(parts.toArray(byte[][]::new)));
        return this;
    }
    GgufWriter raw(String key, byte[] typeAndValue) { kv.put(key, typeAndValue); return this; }
    GgufWriter alignment(int a) { alignment = a; return u32(GgufHeader.ALIGNMENT_KEY, a); }
    private int version = 3;

    GgufWriter tensor(String name, TensorType type, long[] shapeOutermostFirst, byte[] data) {
        long[] ne = new long[shapeOutermostFirst.length];
        for (int i = 0; i < ne.length; i++) ne[i] = shapeOutermostFirst[ne.length - 1 - i];
        tensors.add(new Tensor(name, GgmlType.id(type), ne, -1, data));
        return this;
    }

    /** A tensor info written as given (ne innermost first), with data bytes appended to the data section. */
    GgufWriter rawTensor(String name, long typeId, long[] ne, long offset, byte[] data) {
        tensors.add(new Tensor(name, typeId, ne, offset, data));
        return this;
    }

    GgufWriter version(int v) { version = v; return this; }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(24).putInt(GgufHeader.MAGIC).putInt(version).putLong(tensors.size()).putLong(kv.size()).array());
        for (Map.Entry<String, byte[]> e : kv.entrySet()) { out.writeBytes(str(e.getKey())); out.writeBytes(e.getValue()); }
        long off = 0;
        for (Tensor t : tensors) {
            out.writeBytes(str(t.name()));
            out.writeBytes(u32(t.ne().length));
            for (long d : t.ne()) out.writeBytes(le(8).putLong(d).array());
            out.writeBytes(u32(t.typeId()));
            out.writeBytes(le(8).putLong(t.offset() >= 0 ? t.offset() : off).array());
            off += GgufHeader.alignUp(t.data().length, alignment);
        }
        pad(out);
        for (Tensor t : tensors) { out.writeBytes(t.data()); pad(out); }
        return out.toByteArray();
    }

    private void pad(ByteArrayOutputStream out) { out.writeBytes(new byte[(int) (GgufHeader.alignUp(out.size(), alignment) - out.size())]); }

    static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
    static byte[] u32(long v) { return le(4).putInt((int) v).array(); }
    static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(le(8).putLong(b.length).array(), b);
    }
    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }
}
