package org.ncsparse.model.dump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * safetensors: u64 little-endian header length N, N bytes of JSON
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}},
 * then the data region; offsets are relative to it. Checks: N within the file and under a cap,
 * known dtype (F32, F16, BF16), end − begin = elements × size, ranges inside the data region and
 * not overlapping.
 */
public final class SafetensorsReader {
    /** Header cap (the reference implementation refuses headers above 100 MB too). */
    public static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode root;
        try {
            root = JSON.readTree(hb.array());
        } catch (IOException e) {
            throw new IOException(file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + ": safetensors header is not a JSON object");
        long dataStart = 8 + n, dataLen = size - dataStart;
        Map<String, DumpTensor> out = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) continue;
            String name = e.getKey();
            JsonNode t = e.getValue();
            String dt = t.path("dtype").asText("");
            DType dtype = switch (dt) {
                case "F32" -> DType.F32;
                case "F16" -> DType.F16;
                case "BF16" -> DType.BF16;
                default -> throw new IOException(file + ": tensor '" + name + "' has unsupported dtype '" + dt + "' (supported: F32, F16, BF16)");
            };
            JsonNode shapeNode = t.path("shape"), offs = t.path("data_offsets");
            if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2)
                throw new IOException(file + ": tensor '" + name + "' lacks a shape array or a [begin, end] data_offsets pair");
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!shapeNode.get(i).canConvertToLong()) throw new IOException(file + ": tensor '" + name + "' has a non-integer dimension");
                shape[i] = shapeNode.get(i).asLong();
            }
            long begin = offs.get(0).asLong(-1), end = offs.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLen)
                throw new IOException(file + ": tensor '" + name + "' data_offsets [" + begin + ", " + end + "] outside the " + dataLen + "-byte data region");
            DumpTensor tensor;
            try {
                tensor = new DumpTensor(name, dtype, shape, ch, dataStart + begin);
            } catch (IllegalArgumentException | ArithmeticException ex) {
                throw new IOException(file + ": " + ex.getMessage(), ex);
            }
            if (tensor.byteSize() != end - begin)
                throw new IOException(file + ": tensor '" + name + "' has " + (end - begin) + " bytes but shape "
                        + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + tensor.byteSize());
            ranges.add(new long[] {begin, end, names.size()});
            names.add(name);
            out.put(name, tensor);
        }
        ranges.sort(Comparator.comparingLong((long[] r) -> r[0]).thenComparingLong(r -> r[1]));
        for (int i = 1; i < ranges.size(); i++) {
            long[] a = ranges.get(i - 1), b = ranges.get(i);
            if (b[0] < a[1]) throw new IOException(file + ": tensors '" + names.get((int) a[2]) + "' and '" + names.get((int) b[2]) + "' have overlapping data_offsets");
        }
        return out;
    }
}
