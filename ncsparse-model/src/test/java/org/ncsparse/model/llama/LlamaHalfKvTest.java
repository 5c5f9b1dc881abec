package org.ncsparse.model.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.llm.AttentionProbe;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecodeOptions.KvType;
import org.ncsparse.model.llm.DecoderSession;

/**
 * A session with an F16 or BF16 KV cache against the same model with an F32 cache. Both run the same
 * float32 code; only the cached keys and values differ, each by a relative rounding error of at most
 * u (2^-11 for F16, 2^-8 for BF16). First-order effect on one attention row a = sum_j p_j v_j:
 * the values contribute at most u max|v|; a key error moves the logit l_j by at most u Λ (Λ the
 * largest |l| seen, the logit scale) and the softmax-weighted sum by at most 2 u Λ max|v|. So each
 * layer's attention output moves by at most u (1 + 2Λ) relative to its magnitude; as in
 * {@link LlamaSessionTest#relativeRoundingBound}, relative errors of the L layers and the head add,
 * giving (L + 1) u (1 + 2Λ) of the logit row's largest magnitude, plus float32 rounding.
 */
class LlamaHalfKvTest {
    @TempDir Path tmp;

    private static final int PROMPT = LlamaSession.PREFILL_ROWS + 9, NEW = 12; // prefill over two blocks, then decode steps

    private record Run(float[][] logits, int[] tokens) {}

    /** Prefill logits of the prompt, then greedy decoding: logits of every position and the generated ids. */
    private static Run run(CausalLm lm, int[] prompt, KvType kv, AttentionProbe probe) {
        float[][] logits = new float[PROMPT + NEW][];
        int[] tokens = new int[NEW];
        try (DecoderSession s = lm.newSession(DecodeOptions.exact(PROMPT + NEW).withKvType(kv).withProbe(probe))) {
            float[] last = s.prefill(prompt, (pos, l) -> logits[pos] = l.clone());
            for (int t = 0; t < NEW; t++) {
                tokens[t] = argmax(last);
                last = s.step(tokens[t]);
                logits[PROMPT + t] = last;
            }
        }
        return new Run(logits, tokens);
    }

    private static int argmax(float[] x) {
        int b = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[b]) b = i;
        return b;
    }

    private static double margin(float[] x) {
        int b = argmax(x);
        double second = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) if (i != b) second = Math.max(second, x[i]);
        return x[b] - second;
    }

    /** Peaked attention (q, k gain 2: logits of several units, Λ ~ 10) and flat attention (gain 0.5: Λ ~ 1, a tight bound, well-separated greedy steps). */
    @Test void halfCachesStayWithinTheirRoundingBoundOfF32() throws Exception {
        long seed = LlamaSessionTest.seed();
        int[] prompt = LlamaSessionTest.randomIds(seed, PROMPT, 64);
        for (double qkGain : new double[] {2, 0.5}) {
            try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("m" + qkGain), seed, Map.of(), qkGain))) {
                double[] lambda = {0};
                Run f32 = run(lm, prompt, KvType.F32, (layer, head, pos, l, n) -> {
                    for (int j = 0; j < n; j++) lambda[0] = Math.max(lambda[0], Math.abs(l[j]));
                });
                double rho = LlamaSessionTest.relativeRoundingBound(lm, PROMPT + NEW);
                for (KvType kv : new KvType[] {KvType.F16, KvType.BF16}) {
                    double u = kv == KvType.F16 ? 0x1p-11 : 0x1p-8;
                    double bound = rho + (lm.info().layers() + 1) * u * (1 + 2 * lambda[0]);
                    String what = String.format(java.util.Locale.ROOT, "%s cache, q/k gain %s (seed %d, Λ %.2f, bound %.3g)", kv, qkGain, seed, lambda[0], bound);
                    Run half = run(lm, prompt, kv, null);
                    int same = firstDivergence(f32, half);
                    double worst = 0;
                    boolean differs = false;
                    for (int pos = 0; pos < PROMPT + same; pos++) { // after a divergence the two runs see different tokens
                        float[] a = half.logits()[pos], b = f32.logits()[pos];
                        double err = 0, scale = largest(b);
                        for (int j = 0; j < b.length; j++) { err = Math.max(err, Math.abs(a[j] - b[j])); differs |= a[j] != b[j]; }
                        worst = Math.max(worst, err / scale);
                        assertThat(err).as("%s, position %d", what, pos).isLessThanOrEqualTo(bound * scale);
                    }
                    assertThat(differs).as("%s: rounding changes the logits (the cache really is 16-bit)", what).isTrue();
                    // greedy: a step may pick another token only where the F32 top-1 leads by at most twice the bound
                    int separated = 0;
                    for (int t = 0; t <= Math.min(same, NEW - 1); t++) {
                        float[] l = f32.logits()[PROMPT + t - 1];
                        boolean wellSeparated = margin(l) > 2 * bound * largest(l);
                        if (wellSeparated) separated++;
                        if (t == same) assertThat(wellSeparated).as("%s: greedy tokens differ at step %d though well separated", what, t).isFalse();
                    }
                    System.out.printf("%s: worst logit deviation from F32 %.3g of the row's largest; greedy identical for %d of %d steps, %d of them well separated%n",
                            what, worst, same, NEW, separated);
                    if (qkGain < 1) assertThat(separated).as("%s: well-separated greedy steps compared", what).isPositive();
                }
            }
        }
    }

    private static double largest(float[] x) {
        double m = 0;
        for (float v : x) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** First step at which the two greedy sequences differ (later logits see different inputs), or NEW. */
    private static int firstDivergence(Run a, Run b) {
        for (int t = 0; t < NEW; t++) if (a.tokens()[t] != b.tokens()[t]) return t;
        return NEW;
    }
}
