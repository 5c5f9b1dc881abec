package org.ncsparse.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.ncsparse.model.hf.StrictJson;
import org.ncsparse.model.tensor.Quote;

/**
 * Structural checks of a decoder's Hugging Face {@code tokenizer.json}, done in Java before the native
 * (Rust) tokenizers library sees the file: that library aborts the whole JVM (a panic, exit 134) on
 * some malformed files, e.g. one cut off inside its {@code decoder} list. Checked: strict JSON (no key
 * twice, nothing after the root, nothing cut off); {@code model} an object whose {@code type} is BPE
 * (vocab token → id, unk_token in it, merges "a b" or [a, b] over vocabulary tokens), Unigram (vocab [piece, score]
 * pairs, unk_id in range), WordPiece or WordLevel (vocab token → id); {@code added_tokens} an array of
 * {id, content, flags}; normalizer, pre_tokenizer, decoder and post_processor each null or an object
 * of a type the library knows, Sequence members checked the same way; a TemplateProcessing template
 * naming only special tokens it defines; no number beyond the range of a double anywhere. Every
 * failure is one line naming the key.
 */
public final class HfTokenizerJson {
    /** Llama-3's tokenizer.json is 9 MB; 64 MiB leaves room for larger vocabularies, bounding what is read. */
    public static final long MAX_BYTES = 64L << 20;

    private HfTokenizerJson() {}

    private static final Set<String> MODELS = Set.of("BPE", "Unigram", "WordPiece", "WordLevel");
    private static final Set<String> NORMALIZERS = Set.of("BertNormalizer", "Strip", "StripAccents", "NFC", "NFD", "NFKC", "NFKD",
            "Sequence", "Lowercase", "Nmt", "Precompiled", "Replace", "Prepend", "ByteLevel");
    private static final Set<String> PRE_TOKENIZERS = Set.of("BertPreTokenizer", "ByteLevel", "CharDelimiterSplit", "Metaspace",
            "Whitespace", "Sequence", "Split", "Punctuation", "WhitespaceSplit", "Digits", "UnicodeScripts", "FixedLength");
    private static final Set<String> DECODERS = Set.of("BPEDecoder", "ByteLevel", "WordPiece", "Metaspace", "CTC", "Sequence",
            "Replace", "Fuse", "Strip", "ByteFallback");
    private static final Set<String> POST_PROCESSORS = Set.of("RobertaProcessing", "BertProcessing", "ByteLevel",
            "TemplateProcessing", "Sequence");

    /** Checks {@code bytes} (the file named {@code file}); IOException naming the key on the first problem. */
    public static void check(String file, byte[] bytes) throws IOException {
        JsonNode root = StrictJson.parse(file, "tokenizer.json", bytes);
        if (!root.isObject()) throw new IOException(file + ": the root is not a JSON object");
        String huge = outOfDoubleRange(root);
        if (huge != null) throw new IOException(file + ": the number at " + Quote.of(huge) + " is outside the range of a double");
        checkModel(file, root.get("model"));
        checkAddedTokens(file, root.get("added_tokens"));
        checkPart(file, "normalizer", root.get("normalizer"), NORMALIZERS, "normalizers");
        checkPart(file, "pre_tokenizer", root.get("pre_tokenizer"), PRE_TOKENIZERS, "pretokenizers");
        checkPart(file, "decoder", root.get("decoder"), DECODERS, "decoders");
        checkPart(file, "post_processor", root.get("post_processor"), POST_PROCESSORS, "processors");
        for (String k : new String[] {"truncation", "padding"}) {
            JsonNode v = root.get(k);
            if (v != null && !v.isNull() && !v.isObject()) throw new IOException(file + ": \"" + k + "\" must be an object or null");
        }
    }

    /**
     * The JSON pointer of the first number whose magnitude overflows a double (e.g. 1e999), or null.
     * The native library cannot read such a number anywhere; inside {@code decoder} it aborts the JVM
     * instead of reporting it (seen with tokenizers 0.21.4: a decoder field of -1e9990).
     */
    static String outOfDoubleRange(JsonNode node) {
        if (node.isNumber()) return Double.isFinite(node.doubleValue()) ? null : "";
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = outOfDoubleRange(e.getValue());
                if (at != null) return "/" + e.getKey().replace("~", "~0").replace("/", "~1") + at;
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String at = outOfDoubleRange(node.get(i));
                if (at != null) return "/" + i + at;
            }
        }
        return null;
    }

    private static void checkModel(String file, JsonNode model) throws IOException {
        if (model == null || !model.isObject()) throw new IOException(file + ": \"model\" must be an object");
        String type = text(model.get("type"), file + ": model.type");
        if (!MODELS.contains(type)) throw new IOException(file + ": model.type must be one of " + MODELS + ", got " + Quote.of(type));
        JsonNode vocab = model.get("vocab");
        if (type.equals("Unigram")) {
            if (vocab == null || !vocab.isArray() || vocab.isEmpty()) throw new IOException(file + ": model.vocab must be a non-empty array of [piece, score]");
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode e = vocab.get(i);
                if (!e.isArray() || e.size() != 2 || !e.get(0).isTextual() || !e.get(1).isNumber())
                    throw new IOException(file + ": model.vocab[" + i + "] must be [piece, score]");
            }
            JsonNode unk = model.get("unk_id");
            if (unk != null && !unk.isNull() && id(unk, file + ": model.unk_id") >= vocab.size())
                throw new IOException(file + ": model.unk_id " + unk + " is outside the vocabulary of " + vocab.size());
            return;
        }
        if (vocab == null || !vocab.isObject()) throw new IOException(file + ": model.vocab must be an object of token -> id");
        for (Map.Entry<String, JsonNode> e : vocab.properties()) id(e.getValue(), file + ": model.vocab[" + Quote.of(e.getKey()) + "]");
        JsonNode unk = model.get("unk_token");
        if (unk != null && !unk.isNull() && !(unk.isTextual() && vocab.has(unk.textValue()))) // else encoding an unknown character fails
            throw new IOException(file + ": model.unk_token must be null or a token of model.vocab, got " + unk);
        if (type.equals("BPE")) {
            JsonNode prefix = model.get("continuing_subword_prefix");
            checkMerges(file, model.get("merges"), vocab, prefix != null && prefix.isTextual() ? prefix.textValue() : "");
        }
    }

    /** BPE merges: "left right" strings or [left, right] pairs; both sides and the merged token (right without its subword prefix) vocabulary tokens. */
    private static void checkMerges(String file, JsonNode merges, JsonNode vocab, String subwordPrefix) throws IOException {
        if (merges == null || merges.isNull()) return;
        if (!merges.isArray()) throw new IOException(file + ": model.merges must be an array");
        for (int i = 0; i < merges.size(); i++) {
            JsonNode m = merges.get(i);
            String left, right;
            if (m.isTextual()) {
                String s = m.textValue();
                int sp = s.indexOf(' ');
                if (sp < 0 || s.indexOf(' ', sp + 1) >= 0) throw new IOException(file + ": model.merges[" + i + "] must be \"left right\", got " + Quote.of(s));
                left = s.substring(0, sp); right = s.substring(sp + 1);
            } else if (m.isArray() && m.size() == 2 && m.get(0).isTextual() && m.get(1).isTextual()) {
                left = m.get(0).textValue(); right = m.get(1).textValue();
            } else throw new IOException(file + ": model.merges[" + i + "] must be \"left right\" or [left, right]");
            String merged = left + (right.startsWith(subwordPrefix) ? right.substring(subwordPrefix.length()) : right);
            if (!vocab.has(left) || !vocab.has(right) || !vocab.has(merged))
                throw new IOException(file + ": model.merges[" + i + "] (" + Quote.of(left) + ", " + Quote.of(right) + ") uses a token missing from model.vocab");
        }
    }

    private static void checkAddedTokens(String file, JsonNode added) throws IOException {
        if (added == null || added.isNull()) return;
        if (!added.isArray()) throw new IOException(file + ": \"added_tokens\" must be an array");
        for (int i = 0; i < added.size(); i++) {
            JsonNode t = added.get(i);
            String where = file + ": added_tokens[" + i + "]";
            if (!t.isObject()) throw new IOException(where + " is not an object");
            id(t.get("id"), where + ".id");
            text(t.get("content"), where + ".content");
            for (String flag : new String[] {"single_word", "lstrip", "rstrip", "normalized", "special"}) {
                JsonNode v = t.get(flag);
                if (v != null && !v.isNull() && !v.isBoolean()) throw new IOException(where + "." + flag + " must be true, false or null");
            }
        }
    }

    /** A pipeline part: null, or an object of a known type; a Sequence's members under {@code listKey} checked alike. */
    private static void checkPart(String file, String where, JsonNode part, Set<String> types, String listKey) throws IOException {
        if (part == null || part.isNull()) return;
        if (!part.isObject()) throw new IOException(file + ": " + where + " must be an object or null");
        String type = text(part.get("type"), file + ": " + where + ".type");
        if (!types.contains(type)) throw new IOException(file + ": " + where + ".type " + Quote.of(type) + " is not one of " + types);
        if (type.equals("Sequence")) {
            JsonNode list = part.get(listKey);
            if (list == null || !list.isArray()) throw new IOException(file + ": " + where + "." + listKey + " must be an array");
            for (int i = 0; i < list.size(); i++) checkPart(file, where + "." + listKey + "[" + i + "]", list.get(i), types, listKey);
        } else if (type.equals("TemplateProcessing")) {
            checkTemplate(file, where, part);
        }
    }

    /** The native library aborts when a template piece names a special token that special_tokens lacks. */
    private static void checkTemplate(String file, String where, JsonNode p) throws IOException {
        JsonNode special = p.get("special_tokens");
        if (special == null || !special.isObject()) throw new IOException(file + ": " + where + ".special_tokens must be an object");
        for (Map.Entry<String, JsonNode> e : special.properties()) {
            String at = file + ": " + where + ".special_tokens[" + Quote.of(e.getKey()) + "]";
            JsonNode ids = e.getValue().get("ids"), tokens = e.getValue().get("tokens");
            if (ids == null || !ids.isArray() || tokens == null || !tokens.isArray() || ids.size() != tokens.size())
                throw new IOException(at + " needs \"ids\" and \"tokens\" arrays of the same length");
            for (int i = 0; i < ids.size(); i++) { id(ids.get(i), at + ".ids[" + i + "]"); text(tokens.get(i), at + ".tokens[" + i + "]"); }
        }
        for (String template : new String[] {"single", "pair"}) {
            JsonNode pieces = p.get(template);
            String at = file + ": " + where + "." + template;
            if (pieces == null || !pieces.isArray()) throw new IOException(at + " must be an array of pieces");
            for (int i = 0; i < pieces.size(); i++) {
                JsonNode piece = pieces.get(i);
                JsonNode st = piece.get("SpecialToken"), seq = piece.get("Sequence");
                JsonNode body = st != null ? st : seq;
                if (piece.size() != 1 || body == null || !body.isObject()) throw new IOException(at + "[" + i + "] must be {\"SpecialToken\": ..} or {\"Sequence\": ..}");
                String pid = text(body.get("id"), at + "[" + i + "].id");
                JsonNode typeId = body.get("type_id");
                if (typeId == null || !typeId.isIntegralNumber() || !typeId.canConvertToInt() || typeId.intValue() < 0)
                    throw new IOException(at + "[" + i + "].type_id must be a non-negative integer");
                if (st != null && !special.has(pid)) throw new IOException(at + "[" + i + "] names special token " + Quote.of(pid) + ", which special_tokens lacks");
                if (seq != null && !pid.equals("A") && !pid.equals("B")) throw new IOException(at + "[" + i + "].id must be \"A\" or \"B\"");
            }
        }
    }

    private static String text(JsonNode v, String where) throws IOException {
        if (v == null || !v.isTextual()) throw new IOException(where + " must be a string, got " + v);
        return v.textValue();
    }

    private static int id(JsonNode v, String where) throws IOException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0)
            throw new IOException(where + " must be an integer id in [0, 2^31), got " + v);
        return v.intValue();
    }
}
