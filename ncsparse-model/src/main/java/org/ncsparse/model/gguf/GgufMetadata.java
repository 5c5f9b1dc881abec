package org.ncsparse.model.gguf;

import java.lang.reflect.Array;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ncsparse.model.tensor.Quote;

/**
 * The key/value metadata of a GGUF file, typed. Scalars are kept as their natural Java value
 * (unsigned 8/16-bit as int, UINT32 as long, UINT64 as its raw long bits); arrays as primitive arrays
 * of the stored width ({@code byte[]} for INT8/UINT8, {@code short[]}, {@code int[]}, {@code long[]},
 * {@code float[]}, {@code double[]}, {@code boolean[]}, {@code String[]}).
 *
 * <p>Accessors check the stored type and convert only when the value is exactly representable; a
 * missing or mistyped key is an IllegalArgumentException naming the file and the key.
 */
public final class GgufMetadata {
    /** One value: its type, the element type when it is an array, and the value itself. */
    public record Value(GgufValueType type, GgufValueType elementType, Object value) {}

    private final String file;
    private final Map<String, Value> values;

    GgufMetadata(String file, Map<String, Value> values) {
        this.file = file;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Keys in file order. */
    public Set<String> keys() { return values.keySet(); }
    public boolean contains(String key) { return values.containsKey(key); }
    public GgufValueType type(String key) { return require(key).type(); }
    /** The raw value (boxed scalar or primitive array; arrays are shared, do not modify them). */
    public Value value(String key) { return require(key); }

    public String string(String key) {
        Value v = require(key);
        if (v.type() != GgufValueType.STRING) throw wrong(key, "a string", v);
        return (String) v.value();
    }

    public Optional<String> optionalString(String key) { return contains(key) ? Optional.of(string(key)) : Optional.empty(); }

    /** Any integer type, exactly (a UINT64 above 2^63 - 1 is refused). */
    public long integer(String key) {
        Value v = require(key);
        if (!v.type().isInteger()) throw wrong(key, "an integer", v);
        long x = ((Number) v.value()).longValue();
        if (v.type() == GgufValueType.UINT64 && x < 0) throw wrong(key, "an integer below 2^63", v);
        return x;
    }

    /** An integer that fits in int. */
    public int int32(String key) {
        long x = integer(key);
        if (x != (int) x) throw wrong(key, "an integer in int range", require(key));
        return (int) x;
    }

    public int int32(String key, int fallback) { return contains(key) ? int32(key) : fallback; }

    /** Any numeric type as a double. */
    public double number(String key) {
        Value v = require(key);
        if (!v.type().isNumber()) throw wrong(key, "a number", v);
        if (v.type() == GgufValueType.UINT64) return Double.parseDouble(Long.toUnsignedString((Long) v.value()));
        return ((Number) v.value()).doubleValue();
    }

    public double number(String key, double fallback) { return contains(key) ? number(key) : fallback; }

    public boolean bool(String key) {
        Value v = require(key);
        if (v.type() != GgufValueType.BOOL) throw wrong(key, "a bool", v);
        return (Boolean) v.value();
    }

    public boolean bool(String key, boolean fallback) { return contains(key) ? bool(key) : fallback; }

    /** Elements in an array value. */
    public int arrayLength(String key) { return Array.getLength(array(key, null, "an array")); }

    /** A STRING array (e.g. tokenizer.ggml.tokens, tokenizer.ggml.merges). */
    public String[] strings(String key) { return ((String[]) array(key, GgufValueType.STRING, "an array of strings")).clone(); }

    /** A FLOAT32 array (e.g. tokenizer.ggml.scores). */
    public float[] floats(String key) { return ((float[]) array(key, GgufValueType.FLOAT32, "an array of FLOAT32")).clone(); }

    /** An array of any integer type whose values all fit in int (e.g. tokenizer.ggml.token_type). */
    public int[] ints(String key) {
        long[] l = longs(key);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i]) throw wrong(key, "an array of integers in int range", require(key));
            out[i] = (int) l[i];
        }
        return out;
    }

    /** An array of any integer type as longs (UINT64 elements above 2^63 - 1 refused). */
    public long[] longs(String key) {
        Value v = require(key);
        Object a = array(key, null, "an array of integers");
        GgufValueType et = v.elementType();
        if (!et.isInteger()) throw wrong(key, "an array of integers", v);
        long[] out = new long[Array.getLength(a)];
        boolean unsigned = et == GgufValueType.UINT8 || et == GgufValueType.UINT16 || et == GgufValueType.UINT32;
        for (int i = 0; i < out.length; i++) {
            long x = ((Number) Array.get(a, i)).longValue();
            if (unsigned) x &= et == GgufValueType.UINT8 ? 0xFF : et == GgufValueType.UINT16 ? 0xFFFF : 0xFFFF_FFFFL;
            if (et == GgufValueType.UINT64 && x < 0) throw wrong(key, "an array of integers below 2^63", v);
            out[i] = x;
        }
        return out;
    }

    /**
     * Every value as a plain Java value with its exact number: unsigned arrays widened ({@code UINT8},
     * {@code UINT16} → {@code int[]}, {@code UINT32} → {@code long[]}), a {@code UINT64} scalar above
     * 2^63 − 1 as a {@code BigInteger}; other values as stored. For code that reads metadata as a map.
     */
    public Map<String, Object> exactValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : values.entrySet()) {
            Value v = e.getValue();
            Object x = v.value();
            if (v.type() == GgufValueType.UINT64 && (Long) x < 0) x = new java.math.BigInteger(Long.toUnsignedString((Long) x));
            else if (v.type() == GgufValueType.ARRAY && (v.elementType() == GgufValueType.UINT8 || v.elementType() == GgufValueType.UINT16)) x = ints(e.getKey());
            else if (v.type() == GgufValueType.ARRAY && v.elementType() == GgufValueType.UINT32) x = longs(e.getKey());
            out.put(e.getKey(), x);
        }
        return out;
    }

    private Object array(String key, GgufValueType element, String expected) {
        Value v = require(key);
        if (v.type() != GgufValueType.ARRAY || (element != null && v.elementType() != element)) throw wrong(key, expected, v);
        return v.value();
    }

    private Value require(String key) {
        Value v = values.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": metadata key " + Quote.of(key) + " is missing");
        return v;
    }

    private IllegalArgumentException wrong(String key, String expected, Value v) {
        String got = v.type() == GgufValueType.ARRAY ? "ARRAY of " + v.elementType() : v.type().name();
        return new IllegalArgumentException(file + ": metadata key " + Quote.of(key) + " must be " + expected + ", is " + got);
    }

    @Override public String toString() { return file + " (" + values.size() + " metadata keys)"; }
}
