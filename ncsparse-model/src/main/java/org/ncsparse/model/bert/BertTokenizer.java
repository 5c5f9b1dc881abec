package org.ncsparse.model.bert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * WordPiece tokenizer read from a Hugging Face {@code tokenizer.json}, run by DJL's binding of the
 * Rust {@code tokenizers} library (the same one LangChain4j uses). Adds [CLS] ... [SEP] and truncates
 * to {@code maxLength} tokens (512 for BERT); never pads. DJL is put in offline mode (its native
 * library ships inside its jar for linux x86_64/aarch64, so nothing is ever downloaded), and calls are
 * serialised because DJL does not promise thread-safe {@code encode}.
 */
public final class BertTokenizer implements AutoCloseable {
    static {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    }

    private static final String PROBE = "Probe, text: with punctuation and café.";
    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** Reads {@code tokenizer.json} from a stream (e.g. a class-path resource). */
    public static BertTokenizer read(InputStream json, int maxLength) throws IOException {
        return read(json, maxLength, "tokenizer.json");
    }

    /**
     * Reads {@code tokenizer.json} (at most {@link TokenizerJson#MAX_BYTES}); a corrupt file is an
     * {@link IOException} naming {@code what} and the problem, checked before the native library sees it.
     */
    public static BertTokenizer read(InputStream json, int maxLength, String what) throws IOException {
        if (maxLength < 2) throw new IllegalArgumentException("maxLength must be >= 2 (room for [CLS] and [SEP]), got " + maxLength);
        byte[] bytes = TokenizerJson.validate(json, what);
        HuggingFaceTokenizer t;
        try {
            t = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), Map.of(
                    "addSpecialTokens", "true", "truncation", "true", "padding", "false",
                    // stride 0: DJL otherwise keeps the file's truncation stride, and a stride of at least
                    // maxLength minus the special tokens aborts the JVM (a native panic) on long text
                    "maxLength", Integer.toString(maxLength), "stride", "0"));
            // a probe: a tokenizer that cannot encode text (e.g. its template adds more special
            // tokens than maxLength holds) is refused now, not at its first use
            t.encode(PROBE);
        } catch (RuntimeException e) {
            // the Rust library's own verdict on a file that passed the structural checks
            throw new IOException(what + " is not a valid tokenizer: " + e.getMessage(), e);
        }
        return new BertTokenizer(t, maxLength);
    }

    public int maxLength() { return maxLength; }

    /**
     * Token ids of {@code text}, with [CLS] first and [SEP] last, at most maxLength of them. Only
     * the prefix that yields them is tokenised (see {@link #encodeUpTo}), so a 50 MB text costs
     * what its first few thousand characters cost.
     */
    public synchronized int[] encode(String text) {
        return toInts(encodeUpTo(text, maxLength));
    }

    /** As {@link #encode(String)} but truncated to {@code tokens} ids (>= 2; [SEP] kept last). */
    public int[] encode(String text, int tokens) {
        if (tokens < 2) throw new IllegalArgumentException("tokens must be >= 2, got " + tokens);
        int[] ids;
        synchronized (this) { ids = toInts(encodeUpTo(text, Math.min(tokens, maxLength))); }
        if (ids.length <= tokens) return ids;
        int[] out = java.util.Arrays.copyOf(ids, tokens);
        out[tokens - 1] = ids[ids.length - 1];
        return out;
    }

    /** Token strings (for display and tests). */
    public synchronized String[] tokens(String text) {
        Encoding e = tokenizer.encode(text);
        return e.getTokens();
    }

    /** The whole text tokenised at once (the reference for {@link #encodeUpTo}; tests only). */
    synchronized int[] encodeWhole(String text) {
        return toInts(tokenizer.encode(text).getIds());
    }

    /**
     * Ids of a prefix of {@code text} whose encoding has at least {@code limit} ids, or of the
     * whole text. Prefixes end at whitespace, where BERT's pre-tokenizer splits anyway, so the
     * prefix's tokens are the first tokens of the whole text; with truncation at maxLength ≥ limit,
     * a prefix giving ≥ limit ids has the same first limit − 1 ids as the whole text (the last is
     * [SEP] in both). The prefix starts at 16 characters per wanted token and doubles.
     */
    private long[] encodeUpTo(String text, int limit) {
        long len = Math.max(64L, 16L * limit);
        while (true) {
            int cut = len >= text.length() ? text.length() : whitespaceCut(text, (int) len);
            long[] ids = tokenizer.encode(cut == text.length() ? text : text.substring(0, cut)).getIds();
            if (cut == text.length() || ids.length >= limit) return ids;
            len = Math.max(len * 2, cut + 1L);
        }
    }

    /** A cut position near {@code len} at a whitespace character: the last one in (len/2, len], else the next one after len, else the end. */
    static int whitespaceCut(String text, int len) {
        for (int i = len; i > len / 2; i--) if (Character.isWhitespace(text.charAt(i))) return i;
        for (int i = len + 1; i < text.length(); i++) if (Character.isWhitespace(text.charAt(i))) return i;
        return text.length();
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    @Override public synchronized void close() { tokenizer.close(); }
}
