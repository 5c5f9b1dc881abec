package org.ncsparse.model.bert;

import com.fasterxml.jackson.databind.JsonNode;
import org.ncsparse.model.io.InputFiles;
import org.ncsparse.model.io.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Structural checks of a Hugging Face {@code tokenizer.json} for a WordPiece (BERT) tokenizer,
 * done in Java before the native library parses it, so a corrupt file gives one line naming the
 * key instead of a native stack trace: strict JSON (no key twice, nothing after the root);
 * {@code model} an object with {@code type} "WordPiece", {@code vocab} an object of token → id
 * (ids distinct integers in [0, 2^31)), {@code unk_token} a string present in the vocabulary;
 * {@code added_tokens} (if present) an array of {id, content}; the pipeline parts
 * ({@code normalizer}, {@code pre_tokenizer}, {@code post_processor}, {@code decoder}) objects or null.
 */
final class TokenizerJson {
    /** Real BERT tokenizer files are under 1 MB; 64 MiB leaves room for large vocabularies. */
    static final int MAX_BYTES = 64 << 20;

    private TokenizerJson() {}

    /** Reads at most MAX_BYTES of {@code in}, checks the structure and returns the bytes. */
    static byte[] validate(InputStream in, String what) throws IOException {
        byte[] bytes = InputFiles.readAtMost(in, what, MAX_BYTES);
        check(bytes, what);
        return bytes;
    }

    static void check(byte[] bytes, String what) throws IOException {
        JsonNode root = StrictJson.parse(bytes, bytes.length, what);
        if (!root.isObject()) throw new IOException(what + ": the root is not a JSON object");
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) throw new IOException(what + ": \"model\" must be an object");
        JsonNode type = model.get("type");
        if (type == null || !type.isTextual() || !type.textValue().equals("WordPiece"))
            throw new IOException(what + ": model.type must be \"WordPiece\" (a BERT tokenizer), got " + type);
        JsonNode vocab = model.get("vocab");
        if (vocab == null || !vocab.isObject() || vocab.isEmpty()) throw new IOException(what + ": model.vocab must be a non-empty object of token -> id");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
            int id = id(e.getValue(), what + ": model.vocab['" + e.getKey() + "']");
            if (!seen.add(id)) throw new IOException(what + ": model.vocab gives id " + id + " to more than one token (one is '" + e.getKey() + "')");
        }
        JsonNode unk = model.get("unk_token");
        if (unk == null || !unk.isTextual() || !vocab.has(unk.textValue()))
            throw new IOException(what + ": model.unk_token must be a string present in model.vocab, got " + unk);
        optionalText(model, "continuing_subword_prefix", what);
        JsonNode maxChars = model.get("max_input_chars_per_word");
        if (maxChars != null && !maxChars.isNull() && !(maxChars.canConvertToInt() && maxChars.isIntegralNumber() && maxChars.intValue() >= 1))
            throw new IOException(what + ": model.max_input_chars_per_word must be a positive integer, got " + maxChars);
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            if (!added.isArray()) throw new IOException(what + ": \"added_tokens\" must be an array");
            for (int i = 0; i < added.size(); i++) {
                JsonNode t = added.get(i);
                if (!t.isObject()) throw new IOException(what + ": added_tokens[" + i + "] is not an object");
                id(t.get("id"), what + ": added_tokens[" + i + "].id");
                JsonNode c = t.get("content");
                if (c == null || !c.isTextual()) throw new IOException(what + ": added_tokens[" + i + "].content must be a string");
            }
        }
        for (String part : new String[] {"normalizer", "pre_tokenizer", "post_processor", "decoder", "truncation", "padding"}) {
            JsonNode p = root.get(part);
            if (p != null && !p.isNull() && !p.isObject()) throw new IOException(what + ": \"" + part + "\" must be an object or null");
        }
    }

    private static int id(JsonNode v, String where) throws IOException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0)
            throw new IOException(where + " must be an integer id in [0, 2^31), got " + v);
        return v.intValue();
    }

    private static void optionalText(JsonNode obj, String key, String what) throws IOException {
        JsonNode v = obj.get(key);
        if (v != null && !v.isNull() && !v.isTextual()) throw new IOException(what + ": model." + key + " must be a string, got " + v);
    }
}
