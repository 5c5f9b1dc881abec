package org.ncsparse.model.safetensors;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ncsparse.model.hf.StrictJson;
import org.ncsparse.model.tensor.MappedTensor;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.Quote;

/**
 * The strictly checked JSON header of a safetensors file:
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {"k": "v"}}}.
 * Refused: duplicate keys, anything but spaces after the JSON, unknown fields, non-string dtypes and
 * metadata values, non-integer or negative dimensions and offsets, sizes that disagree with
 * shape × dtype, and data ranges that overlap, leave gaps or do not end exactly at the end of the file
 * (the rules of the reference implementation).
 */
public record SafetensorsHeader(List<Entry> tensors, Map<String, String> metadata) {
    /** Header cap (the reference implementation refuses headers above 100 MB too). */
    public static final long MAX_HEADER = 100L << 20;

    /** One tensor: its data occupies [begin, end) of the data region that follows the header. */
    public record Entry(String name, TensorType type, long[] shape, long begin, long end) {}

    private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

    /**
     * Parses {@code json} (the header bytes) for a file whose data region has {@code dataLength}
     * bytes; {@code file} names the file in the one-line IOException.
     */
    public static SafetensorsHeader parse(String file, byte[] json, long dataLength) throws IOException {
        JsonNode root = StrictJson.parse(file, "safetensors header", json);
        if (!root.isObject()) throw new IOException(file + ": safetensors header is not a JSON object");
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) metadata = StrictJson.stringMap(file, "__metadata__", e.getValue());
            else entries.add(entry(file, e.getKey(), e.getValue()));
        }
        checkLayout(file, entries, dataLength);
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static Entry entry(String file, String name, JsonNode t) throws IOException {
        String where = file + ": tensor " + Quote.of(name);
        if (!t.isObject()) throw new IOException(where + " must be an object with dtype, shape and data_offsets");
        for (Map.Entry<String, JsonNode> f : t.properties())
            if (!FIELDS.contains(f.getKey())) throw new IOException(where + " has an unknown field " + Quote.of(f.getKey()) + " (allowed: dtype, shape, data_offsets)");
        JsonNode dt = t.get("dtype"), shapeNode = t.get("shape"), offs = t.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw new IOException(where + " needs a string dtype");
        TensorType type = switch (dt.textValue()) {
            case "F32" -> TensorType.F32;
            case "F16" -> TensorType.F16;
            case "BF16" -> TensorType.BF16;
            default -> throw new IOException(where + " has unsupported dtype " + Quote.of(dt.textValue()) + " (supported: F32, F16, BF16)");
        };
        if (shapeNode == null || !shapeNode.isArray()) throw new IOException(where + " needs a shape array");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = nonNegativeLong(where + " shape[" + i + "]", shapeNode.get(i));
        if (offs == null || !offs.isArray() || offs.size() != 2) throw new IOException(where + " needs data_offsets [begin, end]");
        long begin = nonNegativeLong(where + " data_offsets[0]", offs.get(0));
        long end = nonNegativeLong(where + " data_offsets[1]", offs.get(1));
        long bytes;
        try {
            bytes = type.bytes(MappedTensor.elementCount(name, shape));
        } catch (IllegalArgumentException | ArithmeticException ex) {
            throw new IOException(where + ": shape " + Arrays.toString(shape) + " is too large", ex);
        }
        if (end < begin || end - begin != bytes)
            throw new IOException(where + " has data_offsets [" + begin + ", " + end + "] but shape " + Arrays.toString(shape) + " of " + type + " needs " + bytes + " bytes");
        return new Entry(name, type, shape, begin, end);
    }

    private static long nonNegativeLong(String what, JsonNode n) throws IOException {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0)
            throw new IOException(what + " must be a non-negative integer, got " + (n == null ? "nothing" : abbreviate(n.toString())));
        return n.longValue();
    }

    /** Data ranges sorted by offset must tile [0, dataLength) exactly. */
    private static void checkLayout(String file, List<Entry> entries, long dataLength) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.begin() < at) throw new IOException(file + ": tensors " + Quote.of(previous) + " and " + Quote.of(e.name()) + " have overlapping data_offsets");
            if (e.begin() > at) throw new IOException(file + ": " + (e.begin() - at) + " unused bytes before tensor " + Quote.of(e.name()) + " (data_offsets must be contiguous)");
            at = e.end();
            previous = e.name();
        }
        if (at != dataLength)
            throw new IOException(file + ": the tensors' data ends at byte " + at + " of a " + dataLength + "-byte data region"
                    + (at > dataLength ? " (file truncated?)" : " (trailing bytes)"));
    }

    private static String abbreviate(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }

}
