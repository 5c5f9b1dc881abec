package org.ncsparse.lab.llm;

import org.ncsparse.model.llm.DecoderSession;

/** Greedy decoding: feed the most likely token back until {@code maxNew} tokens or end-of-sequence. */
final class Greedy {
    private Greedy() {}

    /** The new tokens after {@code logits} (the prefill's last logits), at most maxNew, stopping after eos (not included). */
    static int[] generate(DecoderSession session, float[] logits, int vocab, int maxNew, int eos) {
        int[] out = new int[maxNew];
        int count = 0;
        float[] current = logits;
        while (count < maxNew) {
            int next = LogProbs.argmax(current, vocab);
            if (next == eos) break;
            out[count++] = next;
            if (count < maxNew) current = session.step(next);
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
