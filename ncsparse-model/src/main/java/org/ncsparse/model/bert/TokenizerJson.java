package org.ncsparse.model.bert;

import com.fasterxml.jackson.databind.JsonNode;
import org.ncsparse.model.hf.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Structural checks of a Hugging Face {@code tokenizer.json} for a WordPiece (BERT) tokenizer,
 * done in Java before the native library parses it, so a corrupt file gives one line naming the
 * key instead of a native stack trace: strict JSON (no key twice, nothing after the root);
 * {@code model} an object with {@code type} "WordPiece", {@code vocab} an object of token → id
 * (ids distinct integers in [0, 2^31)), {@code unk_token} a string present in the vocabulary;
 * {@code added_tokens} (if present) an array of {id, content, flags}; the pipeline parts those of
 * BERT or null — normalizer BertNormalizer, pre_tokenizer BertPreTokenizer, post_processor
 * TemplateProcessing (checked piece by piece) or BertProcessing, decoder WordPiece. The native
 * library checks less when it parses and aborts the JVM (a Rust panic) on some inconsistencies
 * when it encodes; the fuzz harness found two (a template naming a missing special token, and a
 * truncation stride not below maxLength minus the special tokens — the reader also forces stride 0).
 */
final class TokenizerJson {
    /** Real BERT tokenizer files are under 1 MB; 64 MiB leaves room for large vocabularies. */
    static final int MAX_BYTES = 64 << 20;

    private TokenizerJson() {}

    /** Reads at most MAX_BYTES of {@code in}, checks the structure and returns the bytes. */
    static byte[] validate(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES);
        if (in.read() != -1) throw new IOException(what + " is longer than the " + MAX_BYTES + "-byte limit");
        check(bytes, what);
        return bytes;
    }

    static void check(byte[] bytes, String what) throws IOException {
        JsonNode root = StrictJson.parse(what, "content", bytes);
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
        text(model, "continuing_subword_prefix", what + ": model", false);
        JsonNode maxChars = model.get("max_input_chars_per_word");
        if (maxChars != null && !maxChars.isNull() && !(maxChars.canConvertToInt() && maxChars.isIntegralNumber() && maxChars.intValue() >= 1))
            throw new IOException(what + ": model.max_input_chars_per_word must be a positive integer, got " + maxChars);
        JsonNode added = root.get("added_tokens");
        if (added != null && !added.isNull()) {
            if (!added.isArray()) throw new IOException(what + ": \"added_tokens\" must be an array");
            for (int i = 0; i < added.size(); i++) {
                JsonNode t = added.get(i);
                String where = what + ": added_tokens[" + i + "]";
                if (!t.isObject()) throw new IOException(where + " is not an object");
                id(t.get("id"), where + ".id");
                text(t, "content", where, true);
                for (String flag : new String[] {"single_word", "lstrip", "rstrip", "normalized", "special"}) bool(t, flag, where);
            }
        }
        checkNormalizer(root.get("normalizer"), what);
        JsonNode pre = root.get("pre_tokenizer");
        if (present(pre)) requireType(pre, what + ": pre_tokenizer", "BertPreTokenizer");
        checkPostProcessor(root.get("post_processor"), what);
        JsonNode decoder = root.get("decoder");
        if (present(decoder)) {
            requireType(decoder, what + ": decoder", "WordPiece");
            text(decoder, "prefix", what + ": decoder", false);
            bool(decoder, "cleanup", what + ": decoder");
        }
        checkTruncation(root.get("truncation"), what);
        JsonNode padding = root.get("padding");
        if (padding != null && !padding.isNull() && !padding.isObject()) throw new IOException(what + ": \"padding\" must be an object or null");
    }

    private static void checkNormalizer(JsonNode n, String what) throws IOException {
        if (!present(n)) return;
        String where = what + ": normalizer";
        requireType(n, where, "BertNormalizer");
        for (String flag : new String[] {"clean_text", "handle_chinese_chars", "strip_accents", "lowercase"}) bool(n, flag, where);
    }

    /**
     * TemplateProcessing as BERT uses it, checked completely: the native library trusts a parsed
     * template and aborts the whole process (a Rust panic) when a template names a special token
     * that special_tokens lacks. BertProcessing ({@code sep}, {@code cls} as [token, id]) is also accepted.
     */
    private static void checkPostProcessor(JsonNode p, String what) throws IOException {
        if (!present(p)) return;
        String where = what + ": post_processor";
        String type = requireType(p, where, "TemplateProcessing", "BertProcessing");
        if (type.equals("BertProcessing")) {
            for (String k : new String[] {"sep", "cls"}) {
                JsonNode pair = p.get(k);
                if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual())
                    throw new IOException(where + "." + k + " must be [token, id]");
                id(pair.get(1), where + "." + k + "[1]");
            }
            return;
        }
        JsonNode special = p.get("special_tokens");
        if (special == null || !special.isObject()) throw new IOException(where + ".special_tokens must be an object");
        for (Map.Entry<String, JsonNode> e : special.properties()) {
            String at = where + ".special_tokens['" + e.getKey() + "']";
            JsonNode t = e.getValue();
            if (!t.isObject()) throw new IOException(at + " is not an object");
            JsonNode id = t.get("id"), ids = t.get("ids"), tokens = t.get("tokens");
            if (id == null || !id.isTextual() || !id.textValue().equals(e.getKey())) throw new IOException(at + ".id must repeat the key");
            if (ids == null || !ids.isArray() || tokens == null || !tokens.isArray() || ids.size() != tokens.size() || ids.isEmpty())
                throw new IOException(at + " needs \"ids\" and \"tokens\" arrays of the same, non-zero length");
            for (int i = 0; i < ids.size(); i++) {
                id(ids.get(i), at + ".ids[" + i + "]");
                if (!tokens.get(i).isTextual()) throw new IOException(at + ".tokens[" + i + "] must be a string");
            }
        }
        for (String template : new String[] {"single", "pair"}) {
            JsonNode pieces = p.get(template);
            if (pieces == null || !pieces.isArray() || pieces.isEmpty()) throw new IOException(where + "." + template + " must be a non-empty array of pieces");
            for (int i = 0; i < pieces.size(); i++) {
                String at = where + "." + template + "[" + i + "]";
                JsonNode piece = pieces.get(i);
                if (!piece.isObject() || piece.size() != 1) throw new IOException(at + " must be {\"SpecialToken\": ..} or {\"Sequence\": ..}");
                JsonNode st = piece.get("SpecialToken"), seq = piece.get("Sequence");
                JsonNode body = st != null ? st : seq;
                if (body == null || !body.isObject()) throw new IOException(at + " must be {\"SpecialToken\": ..} or {\"Sequence\": ..}");
                JsonNode pid = body.get("id"), typeId = body.get("type_id");
                if (pid == null || !pid.isTextual()) throw new IOException(at + ".id must be a string");
                if (typeId == null || !typeId.isIntegralNumber() || !typeId.canConvertToInt() || typeId.intValue() < 0)
                    throw new IOException(at + ".type_id must be a non-negative integer");
                if (st != null && !special.has(pid.textValue()))
                    throw new IOException(at + " names special token '" + pid.textValue() + "', which post_processor.special_tokens lacks");
                if (seq != null && !pid.textValue().equals("A") && !pid.textValue().equals("B"))
                    throw new IOException(at + ".id must be \"A\" or \"B\"");
            }
        }
    }

    /**
     * The file's truncation settings (the reader replaces them with its own maxLength and stride 0,
     * but a file that states nonsense is refused): max_length a positive integer, stride an integer
     * in [0, max_length), strategy and direction among the library's names.
     */
    private static void checkTruncation(JsonNode t, String what) throws IOException {
        if (!present(t)) return;
        String where = what + ": truncation";
        if (!t.isObject()) throw new IOException(where + " must be an object or null");
        JsonNode max = t.get("max_length"), stride = t.get("stride");
        if (max == null || !max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 1)
            throw new IOException(where + ".max_length must be a positive integer, got " + max);
        if (stride != null && !stride.isNull()
                && (!stride.isIntegralNumber() || !stride.canConvertToInt() || stride.intValue() < 0 || stride.intValue() >= max.intValue()))
            throw new IOException(where + ".stride must be an integer in [0, max_length), got " + stride);
        oneOf(t, "strategy", where, "LongestFirst", "OnlyFirst", "OnlySecond");
        oneOf(t, "direction", where, "Left", "Right");
    }

    private static void oneOf(JsonNode obj, String key, String where, String... allowed) throws IOException {
        JsonNode v = obj.get(key);
        if (v == null || v.isNull()) return;
        for (String a : allowed) if (v.isTextual() && v.textValue().equals(a)) return;
        throw new IOException(where + "." + key + " must be one of " + String.join(", ", allowed) + ", got " + v);
    }

    private static boolean present(JsonNode n) { return n != null && !n.isNull(); }

    /** The object's "type", which must be one of {@code allowed}. */
    private static String requireType(JsonNode n, String where, String... allowed) throws IOException {
        if (!n.isObject()) throw new IOException(where + " must be an object or null");
        JsonNode t = n.get("type");
        for (String a : allowed) if (t != null && t.isTextual() && t.textValue().equals(a)) return a;
        throw new IOException(where + ".type must be " + String.join(" or ", allowed) + " (a BERT tokenizer), got " + t);
    }

    private static void bool(JsonNode obj, String key, String where) throws IOException {
        JsonNode v = obj.get(key);
        if (v != null && !v.isNull() && !v.isBoolean()) throw new IOException(where + "." + key + " must be true, false or null, got " + v);
    }

    private static void text(JsonNode obj, String key, String where, boolean required) throws IOException {
        JsonNode v = obj.get(key);
        if ((v == null || v.isNull()) && !required) return;
        if (v == null || !v.isTextual()) throw new IOException(where + "." + key + " must be a string, got " + v);
    }

    private static int id(JsonNode v, String where) throws IOException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0)
            throw new IOException(where + " must be an integer id in [0, 2^31), got " + v);
        return v.intValue();
    }

}
