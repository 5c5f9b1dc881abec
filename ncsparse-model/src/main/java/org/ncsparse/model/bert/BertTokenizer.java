package org.ncsparse.model.bert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

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

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private BertTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** Reads {@code tokenizer.json} from a stream (e.g. a class-path resource). */
    public static BertTokenizer read(InputStream json, int maxLength) throws IOException {
        if (maxLength < 2) throw new IllegalArgumentException("maxLength must be >= 2 (room for [CLS] and [SEP]), got " + maxLength);
        HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(json, Map.of(
                "addSpecialTokens", "true", "truncation", "true", "padding", "false",
                "maxLength", Integer.toString(maxLength)));
        return new BertTokenizer(t, maxLength);
    }

    public int maxLength() { return maxLength; }

    /** Token ids of {@code text}, with [CLS] first and [SEP] last, at most maxLength of them. */
    public synchronized int[] encode(String text) {
        return toInts(tokenizer.encode(text).getIds());
    }

    /** As {@link #encode(String)} but truncated to {@code tokens} ids (>= 2; [SEP] kept last). */
    public int[] encode(String text, int tokens) {
        int[] ids = encode(text);
        if (tokens < 2) throw new IllegalArgumentException("tokens must be >= 2, got " + tokens);
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

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    @Override public synchronized void close() { tokenizer.close(); }
}
