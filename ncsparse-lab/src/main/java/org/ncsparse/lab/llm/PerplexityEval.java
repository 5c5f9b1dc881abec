package org.ncsparse.lab.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LogitsSink;
import org.ncsparse.model.llm.SessionStats;

/**
 * Perplexity and per-token KL(exact ‖ sparse) on windows of a text. For each window, one exact
 * session and one session per policy are fed the same tokens in lock-step chunks: the exact session
 * prefills a chunk and its next-token log-probabilities are kept, then every policy prefills the
 * same chunk and is compared position by position. Memory: one chunk of exact log-probabilities
 * (chunk × vocab doubles, at most {@link #CHUNK_DOUBLES}) plus one KV cache per session.
 *
 * <p>Window position t (0-based) predicts token t + 1, so a window of N tokens scores N − 1
 * tokens; NLL_t = −log p(x_{t+1} | x_0..x_t); perplexity = exp(mean NLL).
 *
 * <p>Positions before {@code decodeFrom} go through prefill (row blocks; a budget is applied per
 * row with exact top-k), positions from {@code decodeFrom} on through decode steps, one token at a
 * time — the only path where the page selector runs. {@code decodeFrom} ≥ N means prefill only.
 */
public final class PerplexityEval {
    private PerplexityEval() {}

    /** Largest exact log-probability buffer, in doubles (64 MB). */
    static final int CHUNK_DOUBLES = 8 << 20;

    /**
     * @param base     session options (threads, page size, KV type); its attention is replaced per policy and
     *                 maxContext is raised to the window length
     * @param windows  token windows of equal length (see {@link Windows#cut})
     * @param policies policies compared with exact (may include "exact" again, as a determinism check)
     */
    public static PerplexityResult run(CausalLm model, DecodeOptions base, List<int[]> windows, List<AttentionMode> policies,
                                       WeightsNotice notice, Consumer<String> progress) {
        return run(model, base, windows, policies, notice, progress, Integer.MAX_VALUE);
    }

    /** As above, scoring positions from {@code decodeFrom} on through decode steps. */
    public static PerplexityResult run(CausalLm model, DecodeOptions base, List<int[]> windows, List<AttentionMode> policies,
                                       WeightsNotice notice, Consumer<String> progress, int decodeFrom) {
        return run(model, base, windows, policies, notice, progress, decodeFrom, CHUNK_DOUBLES / Math.max(1, model.info().vocab()));
    }

    /** As above with at most {@code chunkTokens} tokens per lock-step chunk. */
    static PerplexityResult run(CausalLm model, DecodeOptions base, List<int[]> windows, List<AttentionMode> policies,
                                WeightsNotice notice, Consumer<String> progress, int decodeFrom, int chunkTokens) {
        if (decodeFrom < 1) throw new IllegalArgumentException("--decode-from must be >= 1 (the first token is always prefilled), got " + decodeFrom);
        if (windows.isEmpty()) throw new IllegalArgumentException("no windows to evaluate");
        int n = windows.get(0).length, vocab = model.info().vocab();
        for (int[] w : windows) if (w.length != n) throw new IllegalArgumentException("windows must all have " + n + " tokens, got " + w.length);
        Consumer<String> say = progress == null ? s -> {} : progress;
        long t0 = System.nanoTime();
        DecodeOptions opts = new DecodeOptions(AttentionMode.EXACT, base.threads(), Math.max(n, base.maxContext()), base.pageSize(), base.kvType(), null);
        int chunk = Math.max(1, Math.min(n, chunkTokens));
        int[] buckets = buckets(n);
        int pc = policies.size();
        Tally exact = new Tally(windows.size(), n, buckets);
        Tally[] tallies = new Tally[pc];
        for (int p = 0; p < pc; p++) tallies[p] = new Tally(windows.size(), n, buckets);
        double[] ref = new double[chunk * vocab];
        double[] lq = new double[vocab];
        long lastSay = System.nanoTime();
        for (int w = 0; w < windows.size(); w++) {
            int[] ids = windows.get(w);
            DecoderSession reference = model.newSession(opts);
            DecoderSession[] sessions = new DecoderSession[pc];
            try {
                for (int p = 0; p < pc; p++) sessions[p] = model.newSession(opts.withAttention(policies.get(p)));
                for (int from = 0, to; from < n; from = to) {
                    to = Math.min(n, from + chunk);
                    if (from < decodeFrom && to > decodeFrom) to = decodeFrom; // prefill and decode never share a chunk
                    int start = from, end = to;
                    boolean decode = from >= decodeFrom;
                    int[] part = Arrays.copyOfRange(ids, from, to);
                    int[] calls = {0};
                    int ww = w;
                    feed(reference, part, decode, (position, logits) -> {
                        int t = start + calls[0]++;
                        checkCall(t, end, "exact");
                        int off = (t - start) * vocab;
                        LogProbs.logSoftmax(logits, vocab, lq);
                        System.arraycopy(lq, 0, ref, off, vocab);
                        if (t + 1 < n) exact.add(ww, t, -lq[ids[t + 1]], 0, true);
                    });
                    checkCount(calls[0], part.length, "exact");
                    for (int p = 0; p < pc; p++) {
                        Tally tally = tallies[p];
                        String label = policies.get(p).label();
                        calls[0] = 0;
                        feed(sessions[p], part, decode, (position, logits) -> {
                            int t = start + calls[0]++;
                            checkCall(t, end, label);
                            if (t + 1 >= n) return;
                            LogProbs.logSoftmax(logits, vocab, lq);
                            int off = (t - start) * vocab;
                            double kl = LogProbs.kl(ref, off, lq, vocab);
                            boolean agree = LogProbs.argmax(ref, off, vocab) == LogProbs.argmax(lq, vocab);
                            tally.add(ww, t, -lq[ids[t + 1]], kl, agree);
                        });
                        checkCount(calls[0], part.length, label);
                    }
                    if (System.nanoTime() - lastSay > 10_000_000_000L && to < n) {
                        lastSay = System.nanoTime();
                        say.accept(String.format(Locale.ROOT, "perplexity: window %d/%d: %d/%d tokens (%.1f s)", w + 1, windows.size(), to, n, (lastSay - t0) / 1e9));
                    }
                }
                exact.stats(reference.stats());
                for (int p = 0; p < pc; p++) tallies[p].stats(sessions[p].stats());
            } finally {
                reference.close();
                for (DecoderSession s : sessions) if (s != null) s.close();
            }
            StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "perplexity: window %d/%d (%d tokens): exact ppl %.3f",
                    w + 1, windows.size(), n, exact.score("exact").perplexity()));
            for (int p = 0; p < pc; p++) {
                PerplexityResult.Score s = tallies[p].score(policies.get(p).label());
                msg.append(String.format(Locale.ROOT, "; %s ppl %.3f KL %.2e", s.policy(), s.perplexity(), s.klMean()));
            }
            say.accept(msg.append(String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9)).toString());
        }
        PerplexityResult.Score exactScore = exact.score("exact");
        List<PerplexityResult.Score> scores = new ArrayList<>();
        for (int p = 0; p < pc; p++) scores.add(tallies[p].score(policies.get(p).label()));
        WeightsNotice finalNotice = (notice == null ? WeightsNotice.NONE : notice).withPerplexity(exactScore.perplexity(), vocab);
        return new PerplexityResult(model.info(), finalNotice, KvCacheInfo.of(base), n, windows.size(), exactScore, scores, buckets, Math.min(decodeFrom, n), (System.nanoTime() - t0) / 1e9);
    }

    /** Appends {@code part} by prefill, or one decode step per token, handing every position's logits to the sink. */
    private static void feed(DecoderSession s, int[] part, boolean decode, LogitsSink sink) {
        if (!decode) { s.prefill(part, sink); return; }
        for (int id : part) sink.accept(s.length(), s.step(id));
    }

    /** Upper bounds of the position buckets: 16, 32, 64, … below n, then n. */
    static int[] buckets(int n) {
        List<Integer> b = new ArrayList<>();
        for (int x = 16; x < n; x *= 2) b.add(x);
        b.add(n);
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkCall(int t, int to, String who) {
        if (t >= to) throw new IllegalStateException("the " + who + " session's prefill reported more logits rows than tokens appended");
    }

    private static void checkCount(int calls, int expected, String who) {
        if (calls != expected)
            throw new IllegalStateException("the " + who + " session's prefill reported " + calls + " logits rows for " + expected + " tokens");
    }

    /** Running sums of one policy. */
    private static final class Tally {
        final int n;
        final int[] buckets;
        final double[] windowNll;
        final int[] windowCount;
        final double[] bucketKl;
        final int[] bucketCount;
        double nll, klSum, klMax;
        long tokens, agree;
        float[] kls = new float[1024];
        long prefillTokens, prefillNanos, certified, selected;

        Tally(int windows, int n, int[] buckets) {
            this.n = n;
            this.buckets = buckets;
            windowNll = new double[windows];
            windowCount = new int[windows];
            bucketKl = new double[buckets.length];
            bucketCount = new int[buckets.length];
        }

        void add(int window, int t, double tokenNll, double kl, boolean top1) {
            nll += tokenNll;
            windowNll[window] += tokenNll;
            windowCount[window]++;
            if (tokens == kls.length) kls = Arrays.copyOf(kls, kls.length * 2);
            kls[(int) tokens] = (float) kl;
            tokens++;
            if (top1) agree++;
            klSum += kl;
            klMax = Math.max(klMax, kl);
            int b = 0;
            while (t >= buckets[b]) b++;
            bucketKl[b] += kl;
            bucketCount[b]++;
        }

        void stats(SessionStats s) {
            prefillTokens += s.prefillTokens();
            prefillNanos += s.prefillNanos();
            certified += s.certifiedRows();
            selected += s.selectedRows();
        }

        PerplexityResult.Score score(String label) {
            double[] wp = new double[windowNll.length];
            for (int w = 0; w < wp.length; w++) wp[w] = windowCount[w] == 0 ? Double.NaN : Math.exp(windowNll[w] / windowCount[w]);
            float[] sorted = Arrays.copyOf(kls, (int) tokens);
            Arrays.sort(sorted);
            double p95 = tokens == 0 ? Double.NaN : sorted[(int) Math.min(tokens - 1, Math.ceil(0.95 * tokens) - 1)];
            double[] byPos = new double[buckets.length];
            for (int b = 0; b < byPos.length; b++) byPos[b] = bucketCount[b] == 0 ? Double.NaN : bucketKl[b] / bucketCount[b];
            return new PerplexityResult.Score(label, tokens, tokens == 0 ? Double.NaN : nll / tokens, wp, tokens == 0 ? Double.NaN : klSum / tokens,
                    p95, klMax, tokens == 0 ? Double.NaN : (double) agree / tokens, byPos,
                    prefillNanos == 0 ? Double.NaN : prefillTokens * 1e9 / prefillNanos, selected == 0 ? Double.NaN : (double) certified / selected);
        }
    }
}
