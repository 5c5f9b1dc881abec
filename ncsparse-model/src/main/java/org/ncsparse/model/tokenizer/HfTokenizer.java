package org.ncsparse.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.ncsparse.model.hf.StrictJson;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust {@code tokenizers} library
 * (offline: its native library ships in the jar). Encodes without special tokens; decodes skipping
 * them. Calls are serialised (DJL does not promise thread-safe use).
 */
public final class HfTokenizer implements TextTokenizer, AutoCloseable {
    static {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final int vocab, bos, eos;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, int vocab, int bos, int eos) {
        this.tokenizer = tokenizer; this.vocab = vocab; this.bos = bos; this.eos = eos;
    }

    /**
     * Reads {@code tokenizer.json} (at most {@link HfTokenizerJson#MAX_BYTES}, checked by {@link HfTokenizerJson}
     * before the native library parses it). The beginning-of-sequence id is the one the file's own post-processor
     * template puts first (Llama, Mistral: yes; Qwen2: none), found by encoding a probe with and without
     * special tokens; -1 when the template adds none.
     *
     * @param vocab model vocabulary size (ids the model accepts)
     * @param eos   end-of-sequence id (from config.json) or -1
     */
    public static HfTokenizer read(Path tokenizerJson, int vocab, int eos) throws IOException {
        byte[] bytes = StrictJson.readBounded(tokenizerJson, HfTokenizerJson.MAX_BYTES);
        HfTokenizerJson.check(tokenizerJson.toString(), bytes); // the native parser aborts the JVM on some malformed files
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false"));
            long[] plain = t.encode("a", false, false).getIds(), special = t.encode("a", true, false).getIds();
            int bos = special.length > plain.length && (plain.length == 0 || special[0] != plain[0]) ? Math.toIntExact(special[0]) : -1;
            return new HfTokenizer(t, vocab, bos, eos);
        } catch (RuntimeException e) {
            throw new IOException(tokenizerJson + ": not a usable tokenizer.json: " + e.getMessage(), e);
        }
    }

    @Override public synchronized int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    @Override public synchronized String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) l[i] = ids[i];
        return tokenizer.decode(l, true);
    }

    @Override public int vocabSize() { return vocab; }
    @Override public int bos() { return bos; }
    @Override public int eos() { return eos; }

    @Override public synchronized void close() { tokenizer.close(); }
}
