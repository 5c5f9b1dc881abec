package org.ncsparse.model.llm;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Prompt in, continuation out: prefill the prompt in one session, then sample and step one token at a
 * time until {@code maxNew} tokens or the end-of-sequence token.
 *
 * @param generated the new token ids (the end-of-sequence token, when reached, is included)
 * @param stats     the session's timings and selector statistics
 * @param reachedEos whether generation stopped on the end-of-sequence token
 */
public record Generation(int[] generated, SessionStats stats, boolean reachedEos) {

    /**
     * @param eos     end-of-sequence id to stop at, or -1 to run to maxNew
     * @param onToken sees each new id as it is chosen (e.g. to print progress), or null
     */
    public static Generation run(CausalLm lm, DecodeOptions options, int[] prompt, int maxNew, Sampler sampler, int eos, IntConsumer onToken) {
        if (prompt == null || prompt.length == 0) throw new IllegalArgumentException("prompt must hold at least one token id");
        if (maxNew < 0) throw new IllegalArgumentException("maxNew must be >= 0, got " + maxNew);
        if ((long) prompt.length + maxNew > options.maxContext())
            throw new IllegalArgumentException("prompt (" + prompt.length + " tokens) + max-new (" + maxNew + ") exceeds the session's maxContext "
                    + options.maxContext());
        int[] out = new int[maxNew];
        int n = 0;
        boolean eosReached = false;
        try (DecoderSession s = lm.newSession(options)) {
            float[] logits = s.prefill(prompt, null);
            while (n < maxNew) {
                int next = sampler.next(logits);
                out[n++] = next;
                if (onToken != null) onToken.accept(next);
                if (next == eos) { eosReached = true; break; }
                if (n < maxNew) logits = s.step(next);
            }
            return new Generation(Arrays.copyOf(out, n), s.stats(), eosReached);
        }
    }
}
