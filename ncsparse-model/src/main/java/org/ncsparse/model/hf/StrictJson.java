package org.ncsparse.model.hf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ncsparse.model.tensor.Quote;

/**
 * JSON as the model files need it: duplicate keys and anything after the value refused, files read
 * only when they are regular files under a size cap, every failure a one-line IOException naming the
 * file.
 */
public final class StrictJson {
    private StrictJson() {}

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses {@code json}; {@code what} ("safetensors header", "config") goes into the message. */
    public static JsonNode parse(String file, String what, byte[] json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException(file + ": " + what + " is not valid JSON" + where(e) + ": " + firstLine(e.getMessage()), e);
        }
        if (root == null || root.isMissingNode()) throw new IOException(file + ": " + what + " is empty");
        return root;
    }

    /** Reads and parses a JSON file of at most {@code maxBytes}. */
    public static JsonNode read(Path file, String what, long maxBytes) throws IOException {
        return parse(file.toString(), what, readBounded(file, maxBytes));
    }

    /** An object whose values are all strings. */
    public static Map<String, String> stringMap(String file, String key, JsonNode node) throws IOException {
        if (node == null || !node.isObject()) throw new IOException(file + ": " + Quote.of(key) + " must be an object of strings");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) throw new IOException(file + ": '" + key + "." + e.getKey() + "' must be a string");
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    /** IOException unless {@code file} is an existing regular file (FIFOs and devices would block or never end). */
    public static void requireRegularFile(Path file) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": no such file");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not a regular file");
    }

    public static byte[] readBounded(Path file, long maxBytes) throws IOException {
        requireRegularFile(file);
        long size = Files.size(file);
        if (size > maxBytes) throw new IOException(file + ": " + size + " bytes, more than the " + maxBytes + " allowed");
        return Files.readAllBytes(file);
    }

    /** " at /decoder/decoders/2": the JSON pointer of the value being read when parsing failed (empty when unknown). */
    private static String where(IOException e) {
        if (!(e instanceof StreamReadException sre) || !(sre.getProcessor() instanceof JsonParser p)) return "";
        String pointer = p.getParsingContext().pathAsPointer().toString();
        return pointer.isEmpty() ? "" : " at " + Quote.of(pointer);
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
