package org.ncsparse.model.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * JSON for file headers that must mean one thing: a key that appears twice and anything after the
 * root value are errors (a lenient parser would silently keep the last key or ignore the tail).
 * Jackson's stream constraints (nesting depth, number and string lengths) bound the work.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private StrictJson() {}

    /** Parses {@code bytes[0..length)}; the message of a failure is one line naming what was read. */
    public static JsonNode parse(byte[] bytes, int length, String what) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes, 0, length);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = m.indexOf('\n');
            throw new IOException(what + " is not valid JSON: " + (nl < 0 ? m : m.substring(0, nl)), e);
        }
        if (root == null || root.isMissingNode()) throw new IOException(what + " is empty, expected JSON");
        return root;
    }
}
