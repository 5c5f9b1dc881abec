package org.ncsparse.model.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ncsparse.model.tensor.MappedTensor;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.Quote;

/**
 * Everything before a GGUF file's tensor data, parsed and checked:
 * <pre>
 *   "GGUF" · u32 version (2 or 3) · u64 tensor_count · u64 kv_count
 *   kv_count × (string key · u32 value type · value)          string = u64 length · UTF-8 bytes
 *   tensor_count × (string name · u32 n_dims · u64 ne[n_dims] · u32 ggml type · u64 offset)
 *   zero padding to general.alignment (default 32) · tensor data
 * </pre>
 * Refused, with the key or tensor named: wrong magic or version, truncation, counts and lengths that
 * cannot fit in the file, duplicate keys or tensor names, nested arrays, bools other than 0/1,
 * invalid UTF-8, an alignment that is not a power of two, more than 4 dims, unreadable tensor types,
 * innermost dims not a multiple of the block size, element counts that overflow, and data that is
 * unaligned, out of the file or overlapping another tensor's.
 */
public record GgufHeader(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, long alignment, long dataStart) {
    /** 'G' 'G' 'U' 'F' read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    public static final String ALIGNMENT_KEY = "general.alignment";
    public static final long DEFAULT_ALIGNMENT = 32;
    /** Keys and tensor names longer than this are refused (the format caps keys at 65535 bytes). */
    static final long MAX_NAME = 65_535;
    /** A single metadata string above this is refused (a vocabulary entry is a few bytes). */
    static final long MAX_STRING = 16L << 20;
    static final int MAX_DIMS = 4;

    public static GgufHeader parse(String file, MemorySegment seg) throws IOException {
        GgufCursor c = new GgufCursor(file, seg);
        int magic = c.i32("magic");
        if (magic != MAGIC) throw c.error("not a GGUF file (magic " + String.format("0x%08x", magic) + ", expected \"GGUF\")");
        long version = c.u32("version");
        if (version != 3 && version != 2)
            throw c.error("unsupported GGUF version " + version + (Integer.reverseBytes((int) version) == 3 ? " (a big-endian file?)" : "") + "; supported: 2, 3");
        long tensorCount = c.count("tensor count", 8 + 4 + 8 + 4 + 8);
        long kvCount = c.count("metadata count", 8 + 4 + 1);
        Map<String, GgufMetadata.Value> values = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            c.context = "metadata entry " + i;
            String key = c.string("key", MAX_NAME);
            c.context = "key " + Quote.of(key);
            if (values.containsKey(key)) throw c.error("duplicate key");
            values.put(key, value(c));
        }
        GgufMetadata metadata = new GgufMetadata(file, values);
        c.context = "key '" + ALIGNMENT_KEY + "'";
        long alignment = DEFAULT_ALIGNMENT;
        if (metadata.contains(ALIGNMENT_KEY)) {
            if (metadata.type(ALIGNMENT_KEY) != GgufValueType.UINT32) throw c.error("must be UINT32, is " + metadata.type(ALIGNMENT_KEY));
            alignment = metadata.integer(ALIGNMENT_KEY);
            if (alignment == 0 || Long.bitCount(alignment) != 1) throw c.error("alignment " + alignment + " is not a power of two");
        }
        List<GgufTensorInfo> infos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (long i = 0; i < tensorCount; i++) {
            c.context = "tensor info " + i;
            String name = c.string("name", MAX_NAME);
            c.context = "tensor " + Quote.of(name);
            if (!names.add(name)) throw c.error("duplicate tensor name");
            infos.add(tensorInfo(c, name, alignment));
        }
        long dataStart = alignUp(c.position(), alignment);
        c.context = "data section";
        if (tensorCount > 0 && dataStart > seg.byteSize())
            throw c.error("starts at byte " + dataStart + ", past the end of the " + seg.byteSize() + "-byte file (truncated?)");
        checkLayout(c, infos, seg.byteSize() - Math.min(dataStart, seg.byteSize()));
        return new GgufHeader((int) version, metadata, List.copyOf(infos), alignment, dataStart);
    }

    private static GgufMetadata.Value value(GgufCursor c) throws IOException {
        GgufValueType type = valueType(c, "value type");
        if (type != GgufValueType.ARRAY) return new GgufMetadata.Value(type, null, scalar(c, type));
        GgufValueType et = valueType(c, "array element type");
        if (et == GgufValueType.ARRAY) throw c.error("nested arrays are not supported");
        long n = c.count("array length", et == GgufValueType.STRING ? 8 : et.size);
        return new GgufMetadata.Value(type, et, array(c, et, (int) Math.min(n, Integer.MAX_VALUE - 8), n));
    }

    private static GgufValueType valueType(GgufCursor c, String what) throws IOException {
        long id = c.u32(what);
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) throw c.error("unknown " + what + " " + id);
        return t;
    }

    private static Object scalar(GgufCursor c, GgufValueType t) throws IOException {
        return switch (t) {
            case UINT8 -> c.u8("UINT8");
            case INT8 -> (int) c.i8("INT8");
            case UINT16 -> c.i16("UINT16") & 0xFFFF;
            case INT16 -> (int) c.i16("INT16");
            case UINT32 -> c.u32("UINT32");
            case INT32 -> c.i32("INT32");
            case FLOAT32 -> c.f32("FLOAT32");
            case BOOL -> bool(c);
            case STRING -> c.string("string", MAX_STRING);
            case UINT64, INT64 -> c.i64(t.name());
            case FLOAT64 -> c.f64("FLOAT64");
            case ARRAY -> throw new IllegalStateException("arrays are read by array()");
        };
    }

    private static boolean bool(GgufCursor c) throws IOException {
        int b = c.u8("BOOL");
        if (b > 1) throw c.error("BOOL value " + b + " is neither 0 nor 1");
        return b == 1;
    }

    /** n elements of type t; n was checked against the bytes left. */
    private static Object array(GgufCursor c, GgufValueType t, int n, long declared) throws IOException {
        if (n != declared) throw c.error("array length " + declared + " is over the limit of " + n);
        switch (t) {
            case UINT8, INT8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = c.i8("array element"); return a; }
            case UINT16, INT16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = c.i16("array element"); return a; }
            case UINT32, INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = c.i32("array element"); return a; }
            case UINT64, INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = c.i64("array element"); return a; }
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = c.f32("array element"); return a; }
            case FLOAT64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = c.f64("array element"); return a; }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = bool(c); return a; }
            case STRING -> { String[] a = new String[n]; for (int i = 0; i < n; i++) a[i] = c.string("array element " + i, MAX_STRING); return a; }
            default -> throw new IllegalStateException(t.name());
        }
    }

    private static GgufTensorInfo tensorInfo(GgufCursor c, String name, long alignment) throws IOException {
        long nDims = c.u32("n_dims");
        if (nDims < 1 || nDims > MAX_DIMS) throw c.error(nDims + " dimensions; supported: 1 to " + MAX_DIMS);
        long[] ne = new long[(int) nDims];
        for (int d = 0; d < nDims; d++) {
            ne[d] = c.i64("ne[" + d + "]");
            if (ne[d] < 0) throw c.error("dimension ne[" + d + "] = " + Long.toUnsignedString(ne[d]) + " is too large");
        }
        long typeId = c.u32("type");
        TensorType type = GgmlType.tensorType(typeId);
        if (type == null) throw c.error("tensor type " + GgmlType.describe(typeId) + " is not supported (supported: F32, F16, BF16, Q8_0, Q4_0)");
        if (ne[0] % type.blockSize != 0) throw c.error("innermost dimension " + ne[0] + " is not a multiple of " + type + "'s block of " + type.blockSize);
        long offset = c.i64("offset");
        if (offset < 0 || offset % alignment != 0) throw c.error("data offset " + Long.toUnsignedString(offset) + " is not a multiple of the alignment " + alignment);
        long bytes;
        try {
            long[] shape = new long[ne.length];
            for (int i = 0; i < ne.length; i++) shape[i] = ne[ne.length - 1 - i];
            bytes = type.bytes(MappedTensor.elementCount(name, shape));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw c.error("dimensions " + Arrays.toString(ne) + " hold more elements than a file can");
        }
        return new GgufTensorInfo(name, type, ne, offset, bytes);
    }

    /** Each tensor's bytes inside the data section, and no two overlapping. */
    private static void checkLayout(GgufCursor c, List<GgufTensorInfo> infos, long dataBytes) throws IOException {
        List<GgufTensorInfo> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        GgufTensorInfo previous = null;
        for (GgufTensorInfo t : sorted) {
            c.context = "tensor " + Quote.of(t.name());
            if (t.bytes() > dataBytes || t.offset() > dataBytes - t.bytes())
                throw c.error("data [" + t.offset() + ", " + (t.offset() + t.bytes()) + ") runs past the " + dataBytes + "-byte data section (truncated?)");
            if (previous != null && t.offset() < previous.offset() + previous.bytes())
                throw c.error("data overlaps tensor " + Quote.of(previous.name()));
            previous = t;
        }
    }

    static long alignUp(long x, long alignment) { return (x + alignment - 1) / alignment * alignment; }
}
