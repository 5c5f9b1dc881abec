package org.ncsparse.bench.llm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.RecallProbe;
import org.ncsparse.model.llm.SessionStats;

/**
 * Decoder speed at real shapes. For each context length n, one exact session is prefilled with n
 * random token ids, in chunks of {@link #PREFILL_CHUNK} with progress on the log (prefill tokens/s,
 * measured once per context); with {@link Config#sparsePrefill} the first sparse mode with the exact
 * top-k selector is prefilled too, in a second session that is then closed. Every mode then decodes
 * over that one prefilled cache ({@link DecoderSession#sharingCache}): at each step, every sparse
 * mode decodes the step's token and {@link DecoderSession#truncate truncates} it away again, then
 * exact decodes it and keeps it, so all modes attend over the same cache at every step and take
 * turns (interleaved, so machine load hits every mode alike). Reported per mode: median step time,
 * decode tokens/s = 1000 / median ms, the attention part of each step (the session's own attention
 * clock) and, for the page selector, the share of (layer, head) rows certified to be the exact
 * top-k. Ratios are against the first mode (exact) at the same n. After the timed steps, each sparse
 * mode runs {@link #RECALL_STEPS} untimed steps (undone the same way) with a {@link RecallProbe}
 * switched on: the mass recall (kept softmax mass / mass of the exact top-k of the same size) and
 * index recall of every (layer, head) row, mean and min. Before the first context, a short untimed
 * prefill and decode step per prefill mode lets the JIT compile both paths ({@link #warmUp}).
 * Memory: one KV cache per context.
 */
public final class LlmSpeed {
    private LlmSpeed() {}

    /** Untimed decode steps per sparse mode that measure the selector's recall. */
    public static final int RECALL_STEPS = 3;
    /** Prompt tokens per prefill call: the grain of the progress lines. */
    public static final int PREFILL_CHUNK = 4096;

    /**
     * @param modes         the first must be exact (the reference of the ratios)
     * @param sparsePrefill also time the prefill of the first sparse mode that uses the exact top-k selector
     */
    public record Config(int[] contexts, List<AttentionMode> modes, int warmupSteps, int steps, long seed, DecodeOptions base, boolean sparsePrefill) {
        public Config {
            if (contexts.length == 0) throw new IllegalArgumentException("contexts must not be empty");
            for (int n : contexts) if (n < 2) throw new IllegalArgumentException("contexts must be >= 2, got " + n);
            if (modes.isEmpty() || !modes.get(0).exact()) throw new IllegalArgumentException("the first mode must be exact (the reference)");
            if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }

        /** The first sparse mode with the exact top-k selector, whose prefill is timed with sparsePrefill; null if none. */
        AttentionMode sparsePrefillMode() {
            if (!sparsePrefill) return null;
            for (AttentionMode a : modes) if (!a.exact() && a.selector() == AttentionMode.Selector.EXACT) return a;
            return null;
        }
    }

    /**
     * One measurement.
     *
     * @param prefillTokensPerSecond prefill of the context with this mode's budget (exact top-k per row): measured for exact, and
     *                               for sparse modes with {@link Config#sparsePrefill} (page-selected modes prefill as their
     *                               budget's exact top-k); NaN when not measured
     * @param decodeMs         median wall time of one decode step (min in decodeMinMs)
     * @param attentionMs      median attention time within a step
     * @param attentionShare   attentionMs / decodeMs (of the medians)
     * @param certifiedFraction page-selected rows certified exact top-k during the timed steps; NaN for other selectors
     * @param attentionSpeedup exact's attentionMs / this attentionMs
     * @param decodeSpeedup    this decode tokens/s / exact's
     * @param massRecall       mean over the recall steps' (layer, head) rows of kept mass / exact top-k mass; NaN for exact
     * @param massRecallMin    its minimum
     * @param indexRecall      mean share of kept keys that are in the exact top-k of the same size; NaN for exact
     * @param indexRecallMin   its minimum
     */
    public record Row(int context, String mode, double prefillTokensPerSecond, double decodeMs, double decodeMinMs, double decodeTokensPerSecond,
                      double attentionMs, double attentionShare, double certifiedFraction, double attentionSpeedup, double decodeSpeedup,
                      double massRecall, double massRecallMin, double indexRecall, double indexRecallMin) {}

    public static List<Row> run(CausalLm model, Config c, PrintStream log) {
        int vocab = model.info().vocab(), m = c.modes().size();
        List<Row> rows = new ArrayList<>();
        warmUp(model, c, log);
        for (int n : c.contexts()) {
            SplittableRandom rnd = new SplittableRandom(c.seed() + n);
            int[] prompt = new int[n], next = new int[c.warmupSteps() + c.steps() + RECALL_STEPS];
            for (int i = 0; i < n; i++) prompt[i] = 3 + rnd.nextInt(vocab - 3);
            for (int i = 0; i < next.length; i++) next[i] = 3 + rnd.nextInt(vocab - 3);
            DecodeOptions o = new DecodeOptions(AttentionMode.EXACT, c.base().threads(), n + next.length + 1, c.base().pageSize(), c.base().kvType(), null);
            double[] prefill = new double[m];
            Arrays.fill(prefill, Double.NaN);
            AttentionMode sparse = c.sparsePrefillMode();
            if (sparse != null) {
                double rate;
                try (DecoderSession s = model.newSession(o.withAttention(sparse))) { rate = prefill(s, prompt, n, sparse.label(), log); }
                for (int k = 0; k < m; k++) if (!c.modes().get(k).exact() && c.modes().get(k).budget().spec().equals(sparse.budget().spec())) prefill[k] = rate;
            }
            DecoderSession[] s = new DecoderSession[m];
            RecallProbe[] recall = new RecallProbe[m]; // inactive (skipped by the session) until the timed steps are over
            try (DecoderSession base = model.newSession(o)) {
                prefill[0] = prefill(base, prompt, n, "exact", log);
                s[0] = base;
                for (int k = 1; k < m; k++) {
                    if (!c.modes().get(k).exact()) recall[k] = new RecallProbe();
                    s[k] = base.sharingCache(o.withAttention(c.modes().get(k)).withProbe(recall[k]));
                }
                double[][] wall = new double[m][c.steps()], attn = new double[m][c.steps()];
                SessionStats[] before = new SessionStats[m];
                for (int i = 0; i < c.warmupSteps() + c.steps(); i++) {
                    int t = i - c.warmupSteps();
                    if (t == 0) for (int k = 0; k < m; k++) before[k] = s[k].stats();
                    for (int k = m - 1; k >= 0; k--) { // sparse modes first, each undone; exact last, kept
                        long a0 = s[k].stats().attentionNanos(), t0 = System.nanoTime();
                        s[k].step(next[i]);
                        long wallNanos = System.nanoTime() - t0;
                        if (t >= 0) { wall[k][t] = wallNanos / 1e6; attn[k][t] = (s[k].stats().attentionNanos() - a0) / 1e6; }
                        if (k > 0) base.truncate(n + i);
                    }
                }
                SessionStats[] timed = new SessionStats[m];
                for (int k = 0; k < m; k++) timed[k] = s[k].stats();
                for (int i = 0; i < RECALL_STEPS; i++) {
                    int pos = base.length(), id = next[c.warmupSteps() + c.steps() + i];
                    for (int k = 1; k < m; k++) {
                        if (recall[k] == null) continue;
                        recall[k].setActive(true);
                        s[k].step(id);
                        recall[k].setActive(false);
                        base.truncate(pos);
                    }
                    base.step(id);
                }
                Row exact = null;
                for (int k = 0; k < m; k++) {
                    SessionStats after = timed[k];
                    long sel = after.selectedRows() - before[k].selectedRows();
                    double cert = sel == 0 ? Double.NaN : (double) (after.certifiedRows() - before[k].certifiedRows()) / sel;
                    double ms = median(wall[k]), am = median(attn[k]);
                    double minMs = Arrays.stream(wall[k]).min().orElse(Double.NaN);
                    RecallProbe rp = recall[k];
                    Row r = new Row(n, c.modes().get(k).label(), prefill[k], ms, minMs, 1000 / ms, am, am / ms, cert,
                            exact == null ? 1 : exact.attentionMs() / am, exact == null ? 1 : exact.decodeMs() / ms,
                            rp == null ? Double.NaN : rp.meanMassRecall(), rp == null ? Double.NaN : rp.minMassRecall(),
                            rp == null ? Double.NaN : rp.meanIndexRecall(), rp == null ? Double.NaN : rp.minIndexRecall());
                    if (exact == null) exact = r;
                    rows.add(r);
                    log.printf(Locale.ROOT, "[llm-speed] n=%d %-26s decode %.1f ms/token (%.2f tokens/s), attention %.1f ms (%.0f%%), x%.2f attention, x%.2f end to end%s%s%n",
                            n, r.mode(), ms, r.decodeTokensPerSecond(), am, 100 * r.attentionShare(), r.attentionSpeedup(), r.decodeSpeedup(),
                            Double.isNaN(cert) ? "" : String.format(Locale.ROOT, ", certified %.1f%%", 100 * cert),
                            rp == null ? "" : ", mass recall " + recall(r.massRecall(), r.massRecallMin()));
                }
            } finally {
                for (int k = 1; k < m; k++) if (s[k] != null) s[k].close();
            }
        }
        return rows;
    }

    /**
     * Compiles the prefill and decode paths before anything is timed: a throwaway session per prefill
     * mode prefills min(2048, shortest context) tokens (2048 reaches the long-prompt blocks) and decodes one.
     */
    static void warmUp(CausalLm model, Config c, PrintStream log) {
        int n = Math.min(2048, Arrays.stream(c.contexts()).min().orElseThrow()), vocab = model.info().vocab();
        SplittableRandom rnd = new SplittableRandom(c.seed());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = 3 + rnd.nextInt(vocab - 3);
        List<AttentionMode> modes = new ArrayList<>(List.of(AttentionMode.EXACT));
        if (c.sparsePrefillMode() != null) modes.add(c.sparsePrefillMode());
        long t0 = System.nanoTime();
        for (AttentionMode a : modes) {
            DecodeOptions o = new DecodeOptions(a, c.base().threads(), n + 1, c.base().pageSize(), c.base().kvType(), null);
            try (DecoderSession s = model.newSession(o)) {
                s.prefill(ids, null);
                s.step(ids[0]);
            }
        }
        log.printf(Locale.ROOT, "[llm-speed] warm-up (JIT): %d tokens prefilled and decoded per prefill mode, %.0f s%n", n, (System.nanoTime() - t0) / 1e9);
    }

    /** Prefills the prompt in chunks of {@link #PREFILL_CHUNK}, logging progress after each; returns tokens/s. */
    static double prefill(DecoderSession s, int[] prompt, int n, String label, PrintStream log) {
        long t0 = System.nanoTime();
        for (int done = 0; done < prompt.length; ) {
            int len = Math.min(PREFILL_CHUNK, prompt.length - done);
            s.prefill(Arrays.copyOfRange(prompt, done, done + len), null);
            done += len;
            double sec = (System.nanoTime() - t0) / 1e9, rate = done / sec;
            // attention work grows with the position, so the rest takes at least (n − done) / rate
            log.printf(Locale.ROOT, "[llm-speed] n=%d %s: prefill %d/%d tokens (%.0f%%), %.1f tokens/s so far, %.0f s%s%n", n, label, done, prompt.length,
                    100.0 * done / prompt.length, rate, sec, done < prompt.length ? String.format(Locale.ROOT, ", at least %.0f s to go", (prompt.length - done) / rate) : "");
        }
        return prompt.length / ((System.nanoTime() - t0) / 1e9);
    }

    static double median(double[] x) {
        double[] t = x.clone();
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    /** "mean (min)" of a recall, or n/a. */
    static String recall(double mean, double min) {
        return Double.isNaN(mean) ? "n/a" : String.format(Locale.ROOT, "%.4f (%.4f)", mean, min);
    }

    /** The Markdown table of the rows. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| context | attention | prefill tokens/s | decode ms/token (min) | decode tokens/s | attention ms/step | attention share "
                + "| attention speed-up vs exact | decode speed-up vs exact | certified rows | mass recall mean (min) | index recall mean (min) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f (%.1f) | %.2f | %.1f | %.0f%% | %.1fx | %.2fx | %s | %s | %s |%n", r.context(), r.mode(),
                    Double.isNaN(r.prefillTokensPerSecond()) ? "—" : String.format(Locale.ROOT, "%.1f", r.prefillTokensPerSecond()), r.decodeMs(), r.decodeMinMs(), r.decodeTokensPerSecond(), r.attentionMs(), 100 * r.attentionShare(),
                    r.attentionSpeedup(), r.decodeSpeedup(), Double.isNaN(r.certifiedFraction()) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * r.certifiedFraction()),
                    recall(r.massRecall(), r.massRecallMin()), recall(r.indexRecall(), r.indexRecallMin())));
        return sb.toString();
    }
}
