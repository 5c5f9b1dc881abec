package org.ncsparse.model.llm;

/** Receives the next-token logits of prompt positions during prefill (perplexity, KL). */
@FunctionalInterface
public interface LogitsSink {
    /** logits[0 .. vocab) predict the token at position + 1; read only, valid during the call. */
    void accept(int position, float[] logits);
}
