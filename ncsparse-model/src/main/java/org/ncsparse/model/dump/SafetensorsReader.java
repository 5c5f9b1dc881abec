package org.ncsparse.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import org.ncsparse.model.hf.StrictJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * safetensors: u64 little-endian header length N, N bytes of JSON
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}},
 * then the data region; offsets are relative to it. Strict, like the reference implementation:
 * N within the file and under a cap; the header one JSON object (padding spaces allowed after it,
 * nothing else), no key twice; each tensor exactly the fields dtype (string: F32, F16 or BF16),
 * shape (array of non-negative integers) and data_offsets (two non-negative integers);
 * {@code __metadata__} an object of strings; end − begin = elements × size; and the tensors tile
 * the data region: sorted by offset they start at 0, leave no gap or overlap, and end at the file's end.
 */
public final class SafetensorsReader {
    /** Header cap (the reference implementation refuses headers above 100 MB too). */
    public static final long MAX_HEADER = 100L << 20;
    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

    private SafetensorsReader() {}

    public static Map<String, DumpTensor> read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw new IOException(file + ": too short for a safetensors file (" + size + " bytes)");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        NpyReader.readFully(ch, lenBuf, 0, file);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER) throw new IOException(file + ": safetensors header length " + Long.toUnsignedString(n) + " is outside [2, " + MAX_HEADER + "]");
        if (n > size - 8) throw new IOException(file + ": safetensors header length " + n + " runs past the end of the " + size + "-byte file");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        NpyReader.readFully(ch, hb, 8, file);
        if (hb.array()[0] != '{') throw new IOException(file + ": safetensors header does not start with '{'");
        JsonNode root = StrictJson.parse(file.toString(), "safetensors header", Arrays.copyOf(hb.array(), hb.position()));
        if (!root.isObject()) throw new IOException(file + ": safetensors header is not a JSON object");
        long dataStart = 8 + n, dataLen = size - dataStart;
        Map<String, DumpTensor> out = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode t = e.getValue();
            if (name.equals("__metadata__")) { checkMetadata(file, t); continue; }
            String where = file + ": tensor '" + name + "'";
            if (!t.isObject()) throw new IOException(where + " is not a JSON object");
            for (var it = t.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!TENSOR_FIELDS.contains(f)) throw new IOException(where + " has an unknown field '" + f + "' (allowed: dtype, shape, data_offsets)");
            }
            JsonNode dt = t.get("dtype");
            if (dt == null || !dt.isTextual()) throw new IOException(where + " needs \"dtype\" as a string");
            DType dtype = switch (dt.textValue()) {
                case "F32" -> DType.F32;
                case "F16" -> DType.F16;
                case "BF16" -> DType.BF16;
                default -> throw new IOException(where + " has unsupported dtype '" + dt.textValue() + "' (supported: F32, F16, BF16)");
            };
            long[] shape = integers(where, "shape", t.get("shape"), -1);
            long[] offs = integers(where, "data_offsets", t.get("data_offsets"), 2);
            long begin = offs[0], end = offs[1];
            if (end < begin || end > dataLen)
                throw new IOException(where + " data_offsets [" + begin + ", " + end + "] outside the " + dataLen + "-byte data region");
            DumpTensor tensor;
            try {
                tensor = new DumpTensor(name, dtype, shape, ch, dataStart + begin);
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
            if (tensor.byteSize() != end - begin)
                throw new IOException(where + " has " + (end - begin) + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + tensor.byteSize());
            ranges.add(new long[] {begin, end, names.size()});
            names.add(name);
            out.put(name, tensor);
        }
        checkTiling(file, ranges, names, dataLen);
        return out;
    }

    /** A JSON array of non-negative integers that fit a long; {@code count} ≥ 0 demands that many. */
    private static long[] integers(String where, String field, JsonNode a, int count) throws IOException {
        if (a == null || !a.isArray()) throw new IOException(where + " needs \"" + field + "\" as an array of integers");
        if (count >= 0 && a.size() != count) throw new IOException(where + " needs " + count + " integers in \"" + field + "\", got " + a.size());
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong() || x.longValue() < 0)
                throw new IOException(where + " has \"" + field + "\"[" + i + "] = " + x + "; expected a non-negative integer");
            out[i] = x.longValue();
        }
        return out;
    }

    private static void checkMetadata(Path file, JsonNode meta) throws IOException {
        if (!meta.isObject()) throw new IOException(file + ": __metadata__ must be a JSON object of strings");
        for (Map.Entry<String, JsonNode> e : meta.properties())
            if (!e.getValue().isTextual()) throw new IOException(file + ": __metadata__ value '" + e.getKey() + "' is not a string");
    }

    /** Sorted by begin, the ranges must be [0, e1), [e1, e2), ..., [.., dataLen): no gap, no overlap, no trailing bytes. */
    private static void checkTiling(Path file, List<long[]> ranges, List<String> names, long dataLen) throws IOException {
        ranges.sort(Comparator.comparingLong((long[] r) -> r[0]).thenComparingLong(r -> r[1]));
        long expected = 0;
        String previous = null;
        for (long[] r : ranges) {
            String name = names.get((int) r[2]);
            if (r[0] < expected)
                throw new IOException(file + ": tensors '" + previous + "' and '" + name + "' have overlapping data_offsets");
            if (r[0] > expected)
                throw new IOException(file + ": " + (r[0] - expected) + " bytes of the data region before tensor '" + name + "' belong to no tensor");
            expected = r[1];
            previous = name;
        }
        if (expected != dataLen)
            throw new IOException(file + ": " + (dataLen - expected) + " trailing bytes after the last tensor's data belong to no tensor");
    }
}
