package org.ncsparse.model.llm;

import org.ncsparse.model.tokenizer.TextTokenizer;

/** A loaded decoder-only language model (Llama family and its relatives). */
public interface CausalLm extends AutoCloseable {
    /** Architecture facts: layers, heads, dims, vocabulary, context length, family name. */
    LmInfo info();

    /** The model's tokenizer; IllegalStateException with what is missing if none could be built. */
    TextTokenizer tokenizer();

    /** A fresh sequence with an empty KV cache. */
    DecoderSession newSession(DecodeOptions options);

    @Override void close() throws java.io.IOException;
}
