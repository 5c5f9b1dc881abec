package org.ncsparse.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte-level BPE as stored in GGUF ({@code tokenizer.ggml.model = gpt2}; Llama 3, Qwen2): the text is
 * split by the pre-tokenizer's regular expression, each piece's UTF-8 bytes are mapped to printable
 * characters (GPT-2's byte-to-unicode table), and adjacent symbols are merged by merge rank (lowest
 * first) until none applies; each final symbol is a token. Decoding maps the characters back to bytes.
 */
public final class Gpt2BpeTokenizer implements TextTokenizer {
    /** GPT-2's pre-tokenizer. */
    public static final String GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    /** Llama 3's pre-tokenizer (GGUF {@code tokenizer.ggml.pre = llama-bpe}): digits in groups of up to three. */
    public static final String LLAMA3_PATTERN =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Qwen2's pre-tokenizer ({@code tokenizer.ggml.pre = qwen2}): single digits. */
    public static final String QWEN2_PATTERN =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[324];
    static {
        // bytes that are printable and not space keep their code point; the other 68 map to 256, 257, …
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            BYTE_TO_CHAR[b] = (char) (printable ? b : 256 + extra++);
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }

    private final String[] tokens;
    private final int[] types;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Pattern pattern;
    private final int bos, eos;

    /**
     * @param merges  "left right" pairs, highest priority first ({@code tokenizer.ggml.merges})
     * @param types   GGUF token types (3 = control, dropped when decoding) or null
     * @param pattern pre-tokenizer regular expression (e.g. {@link #GPT2_PATTERN})
     */
    public Gpt2BpeTokenizer(String[] tokens, String[] merges, int[] types, String pattern, int bos, int eos) {
        if (tokens == null || tokens.length == 0) throw new IllegalArgumentException("tokenizer.ggml.tokens must not be empty");
        if (merges == null) throw new IllegalArgumentException("tokenizer.ggml.merges is required for a gpt2 tokenizer");
        if (types != null && types.length != tokens.length)
            throw new IllegalArgumentException("tokenizer.ggml.token_type must have one type per token (" + tokens.length + "), got " + types.length);
        this.tokens = tokens; this.types = types; this.bos = bos; this.eos = eos;
        for (int i = 0; i < tokens.length; i++) ids.putIfAbsent(tokens[i], i);
        for (int i = 0; i < merges.length; i++) {
            int sp = merges[i].indexOf(' ', 1);
            if (sp < 0) throw new IllegalArgumentException("tokenizer.ggml.merges[" + i + "] = '" + merges[i] + "' is not 'left right'");
            ranks.putIfAbsent(merges[i], i);
        }
        this.pattern = Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** The pre-tokenizer pattern for a GGUF {@code tokenizer.ggml.pre} name (gpt2 when absent or unknown). */
    public static String patternFor(String pre) {
        if (pre == null) return GPT2_PATTERN;
        return switch (pre) {
            case "llama-bpe", "llama3", "llama-v3", "smaug-bpe" -> LLAMA3_PATTERN;
            case "qwen2", "deepseek-llm" -> QWEN2_PATTERN;
            default -> GPT2_PATTERN;
        };
    }

    @Override public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            byte[] bytes = m.group().getBytes(StandardCharsets.UTF_8);
            List<String> symbols = new ArrayList<>(bytes.length);
            for (byte b : bytes) symbols.add(String.valueOf(BYTE_TO_CHAR[b & 0xFF]));
            for (String s : PairMerger.merge(symbols, (l, r) -> {
                Integer rank = ranks.get(l + " " + r);
                return rank == null ? Double.NaN : -rank;
            })) {
                Integer id = ids.get(s);
                if (id == null) throw new IllegalArgumentException("cannot encode: the vocabulary has no token for the byte-level symbol '" + s + "'");
                out.add(id);
            }
        }
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    @Override public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 0 || id >= tokens.length) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokens.length + ")");
            if (types != null && types[id] == SentencePieceTokenizer.CONTROL) continue;
            String t = tokens[id];
            for (int i = 0; i < t.length(); i++) {
                char ch = t.charAt(i);
                int b = ch < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[ch] : -1;
                if (b >= 0) bytes.write(b);
                else bytes.writeBytes(String.valueOf(ch).getBytes(StandardCharsets.UTF_8)); // user-defined text tokens
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override public int vocabSize() { return tokens.length; }
    @Override public int bos() { return bos; }
    @Override public int eos() { return eos; }
}
