package org.ncsparse.lab.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ncsparse.lab.profile.HeadAccumulator;
import org.ncsparse.lab.profile.HeadPoint;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.AttentionProbe;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LmInfo;

/**
 * Attention profile along a real generation: the model decodes one token at a time with exact
 * attention while an {@link AttentionProbe} reads every layer's and head's logits. For each length
 * n of the settings, up to {@code maxRows} decode steps whose row sees between n − n/8 and n keys
 * are accumulated per head (dropped mass of every budget, k_needed(τ), S_ε, logit spread), as the
 * causal dump profile does; (α, C) is then fitted per head over the lengths.
 *
 * <p>The prompt's tokens are fed first (prefill up to just before the first measured window, then
 * one step per token), then the model continues greedily. A prompt as long as the largest length
 * profiles the model reading that text instead of its own generation.
 * Memory: one accumulator per (layer, head) for the current length only, about 37·n bytes each.
 */
public final class DecodeProfile {
    private DecodeProfile() {}

    /**
     * @param info        model facts
     * @param profile     per-head points and fits (reusable by the profile report writers)
     * @param promptTokens tokens of the text fed before the model's own continuation
     * @param generated   tokens the model chose itself (greedy)
     * @param sample      the start of the generated text, for the report
     */
    public record Result(LmInfo info, WeightsNotice notice, KvCacheInfo cache, ProfileResult profile, int promptTokens, int generated, String sample,
                         double decodeTokensPerSecond, double seconds) {}

    public static Result run(CausalLm model, DecodeOptions base, int[] prompt, ProfileSettings s,
                             WeightsNotice notice, Consumer<String> progress) {
        Consumer<String> say = progress == null ? x -> {} : progress;
        long t0 = System.nanoTime();
        LmInfo info = model.info();
        int[] lengths = s.lengths();
        int maxN = lengths[lengths.length - 1];
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt has no tokens");
        Collector collector = new Collector(s, info.layers(), info.heads());
        DecodeOptions opts = new DecodeOptions(AttentionMode.EXACT, base.threads(), maxN + 1, base.pageSize(), base.kvType(), collector);
        int vocab = info.vocab();
        int firstRow = Collector.windowStart(lengths[0]);
        int prefill = Math.max(1, Math.min(prompt.length, firstRow - 1));
        int fed = prefill, generated = 0;
        int[] generatedIds = new int[Math.min(maxN, 200)];
        try (DecoderSession session = model.newSession(opts)) {
            float[] logits = session.prefill(Arrays.copyOf(prompt, prefill), null);
            int nextReport = 0;
            while (session.length() < maxN) {
                int next;
                if (fed < prompt.length) next = prompt[fed++];
                else {
                    next = LogProbs.argmax(logits, vocab);
                    if (generated < generatedIds.length) generatedIds[generated] = next;
                    generated++;
                }
                logits = session.step(next);
                collector.stepDone(session.length());
                if (collector.completed > nextReport) {
                    nextReport = collector.completed;
                    say.accept(String.format(Locale.ROOT, "profile-decode: n = %d done (%d/%d lengths, %d tokens generated, %.1f tokens/s, %.1f s)",
                            lengths[nextReport - 1], nextReport, lengths.length, generated, session.stats().decodeTokensPerSecond(),
                            (System.nanoTime() - t0) / 1e9));
                }
            }
            double tps = session.stats().decodeTokensPerSecond();
            double seconds = (System.nanoTime() - t0) / 1e9;
            ProfileResult r = ProfileResult.of(LlmPage.name(info), s, info.layers(), info.heads(), collector.points, seconds);
            String sample = model.tokenizer().decode(Arrays.copyOf(generatedIds, Math.min(generated, generatedIds.length)));
            return new Result(info, notice == null ? WeightsNotice.NONE : notice, KvCacheInfo.of(base), r, Math.min(prompt.length, fed), generated, sample, tps, seconds);
        }
    }

    /** The probe: routes sampled rows into the current length's accumulators. */
    static final class Collector implements AttentionProbe {
        final ProfileSettings s;
        final int layers, heads;
        final List<HeadPoint> points = new ArrayList<>();
        int current, completed;
        HeadAccumulator[][] acc;
        boolean[] sampled;
        double[] row = new double[0];

        Collector(ProfileSettings s, int layers, int heads) {
            this.s = s;
            this.layers = layers;
            this.heads = heads;
        }

        /** Smallest key count of the window of length n: n − max(1, n/8). */
        static int windowStart(int n) { return n - Math.max(1, n / 8); }

        /** Fresh accumulators for length n; samples up to maxRows key counts spread evenly over the window [start, n]. */
        private void open(int n) {
            acc = new HeadAccumulator[layers][heads];
            for (int l = 0; l < layers; l++) for (int h = 0; h < heads; h++) acc[l][h] = new HeadAccumulator(s, n);
            int start = windowStart(n), span = n - start + 1, m = Math.min(span, s.maxRows());
            sampled = new boolean[span];
            for (int i = 0; i < m; i++) sampled[span - 1 - (int) ((long) i * span / m)] = true; // the last row (n = len) always
            if (row.length < n) row = new double[n];
        }

        @Override public void onRow(int layer, int head, int pos, float[] logits, int n) {
            if (current >= s.lengths().length) return;
            int len = s.lengths()[current], start = windowStart(len);
            if (n < start || n > len) return;
            if (acc == null) open(len);
            if (!sampled[n - start]) return;
            for (int j = 0; j < n; j++) row[j] = logits[j];
            acc[layer][head].addRow(row, n);
        }

        /** After a step that left {@code length} tokens in the cache: close the current window once it has been passed. */
        void stepDone(int length) {
            while (current < s.lengths().length && length >= s.lengths()[current]) {
                if (acc != null) for (int l = 0; l < layers; l++) for (int h = 0; h < heads; h++) points.add(acc[l][h].result(l, h));
                acc = null;
                current++;
                completed++;
            }
        }
    }
}
