package org.ncsparse.model.hf;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face {@code config.json} (or one of its nested objects, e.g. {@code rope_scaling}) with
 * typed accessors. Every accessor checks the JSON type and fails with one line naming the file and
 * the key: IllegalArgumentException for a missing or mistyped key, so a model family can say which
 * hyper-parameter is wrong.
 */
public final class HfConfig {
    public static final String FILE = "config.json";
    /** config.json files are a few KB; anything above this is not one. */
    public static final long MAX_BYTES = 16L << 20;

    private final String source;
    private final String prefix;
    private final JsonNode root;

    private HfConfig(String source, String prefix, JsonNode root) {
        this.source = source;
        this.prefix = prefix;
        this.root = root;
    }

    /** Reads {@code path}/config.json when {@code path} is a folder, else the file itself. */
    public static HfConfig read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        JsonNode root = StrictJson.read(file, "config", MAX_BYTES);
        if (!root.isObject()) throw new IOException(file + ": config is not a JSON object");
        return new HfConfig(file.toString(), "", root);
    }

    /** Parses config JSON from bytes ({@code source} names it in messages). */
    public static HfConfig parse(String source, byte[] json) throws IOException {
        JsonNode root = StrictJson.parse(source, "config", json);
        if (!root.isObject()) throw new IOException(source + ": config is not a JSON object");
        return new HfConfig(source, "", root);
    }

    /** {@code model_type} ("llama", "mistral", "qwen2", …). */
    public String modelType() { return string("model_type"); }

    /** Top-level keys, sorted. */
    public Set<String> keys() {
        Set<String> out = new TreeSet<>();
        root.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** True when the key is present and not JSON null. */
    public boolean has(String key) {
        JsonNode n = root.get(key);
        return n != null && !n.isNull();
    }

    public String string(String key) {
        JsonNode n = require(key);
        if (!n.isTextual()) throw wrong(key, "a string", n);
        return n.textValue();
    }

    public Optional<String> optionalString(String key) { return has(key) ? Optional.of(string(key)) : Optional.empty(); }

    /** An integer that fits in int (1e3 or 3.0 are refused: they are not integers in JSON's sense). */
    public int integer(String key) {
        JsonNode n = require(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw wrong(key, "an integer in int range", n);
        return n.intValue();
    }

    public int integer(String key, int fallback) { return has(key) ? integer(key) : fallback; }

    /** A finite number (integers accepted). */
    public double number(String key) {
        JsonNode n = require(key);
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) throw wrong(key, "a finite number", n);
        return n.doubleValue();
    }

    public double number(String key, double fallback) { return has(key) ? number(key) : fallback; }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        JsonNode n = root.get(key);
        if (!n.isBoolean()) throw wrong(key, "true or false", n);
        return n.booleanValue();
    }

    /** An array of integers ({@code eos_token_id} may be one integer or an array: both give a list). */
    public List<Integer> integers(String key) {
        JsonNode n = require(key);
        List<Integer> out = new ArrayList<>();
        if (n.isIntegralNumber() && n.canConvertToInt()) { out.add(n.intValue()); return out; }
        if (!n.isArray()) throw wrong(key, "an integer or an array of integers", n);
        for (JsonNode e : n) {
            if (!e.isIntegralNumber() || !e.canConvertToInt()) throw wrong(key, "an array of integers", n);
            out.add(e.intValue());
        }
        return out;
    }

    /** A nested object ({@code rope_scaling}); empty when absent or null. */
    public Optional<HfConfig> section(String key) {
        if (!has(key)) return Optional.empty();
        JsonNode n = root.get(key);
        if (!n.isObject()) throw wrong(key, "an object", n);
        return Optional.of(new HfConfig(source, prefix + key + ".", n));
    }

    /** The underlying JSON, read-only by convention. */
    public JsonNode json() { return root; }

    private JsonNode require(String key) {
        if (!has(key)) throw new IllegalArgumentException(source + ": key '" + prefix + key + "' is missing");
        return root.get(key);
    }

    private IllegalArgumentException wrong(String key, String expected, JsonNode got) {
        String text = got.toString();
        if (text.length() > 40) text = text.substring(0, 40) + "…";
        return new IllegalArgumentException(source + ": key '" + prefix + key + "' must be " + expected + ", got " + text);
    }

    @Override public String toString() { return source + (prefix.isEmpty() ? "" : " [" + prefix.substring(0, prefix.length() - 1) + "]"); }
}
