package org.ncsparse.model.tokenizer;

/** Text to token ids and back, for one model's vocabulary. */
public interface TextTokenizer {
    /** Token ids of {@code text}, without special tokens (no BOS). */
    int[] encode(String text);

    /** The text of {@code ids} (special tokens dropped). */
    String decode(int[] ids);

    int vocabSize();

    /** Beginning-of-sequence id, or -1 if the model has none. */
    int bos();

    /** End-of-sequence id, or -1 if the model has none. */
    int eos();
}
