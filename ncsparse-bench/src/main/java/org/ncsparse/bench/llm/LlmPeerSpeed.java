package org.ncsparse.bench.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LmInfo;

/**
 * NcSparse beside Jlama on one safetensors folder. Both load the folder in this JVM (load time quoted);
 * for each context n, every system (NcSparse per attention mode, then Jlama) takes the same n random
 * prompt ids in one batched pass (prefill tokens/s = n / its wall time), then all decode greedily,
 * one token each in turn, in a fresh random order every step (interleaved, so machine load and the
 * other engine's idle threads hit every system alike): warm-up steps, then
 * timed steps; decode tokens/s = 1000 / median ms. Each system follows its own greedy tokens (the work
 * per step does not depend on the token), and the report says how many of them agree with NcSparse
 * exact, the top-2 logit margin of exact where they first differ (a small margin is a near-tie, common
 * with random weights), and the largest logit difference to exact after the prompt. Both engines use
 * {@link Config#threads()} threads. An untimed pass at a short context goes first, so that no
 * system's numbers include the JIT compiler's warm-up.
 */
public final class LlmPeerSpeed {
    private LlmPeerSpeed() {}

    /** @param modes NcSparse's attention modes; the first must be exact (the reference of agreement) */
    public record Config(int[] contexts, List<AttentionMode> modes, int warmupSteps, int steps, long seed, int threads, int pageSize,
                         DecodeOptions.KvType kvType) {
        public Config {
            if (contexts.length == 0) throw new IllegalArgumentException("contexts must not be empty");
            for (int n : contexts) if (n < 2) throw new IllegalArgumentException("contexts must be >= 2, got " + n);
            if (modes.isEmpty() || !modes.get(0).exact()) throw new IllegalArgumentException("the first mode must be exact (the reference)");
            if (steps < 1 || warmupSteps < 0) throw new IllegalArgumentException("steps must be >= 1 and warm-up >= 0, got " + steps + ", " + warmupSteps);
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /**
     * One system at one context.
     *
     * @param loadMs           time to open the folder (once per run, repeated on each row)
     * @param decodeVsJlama    this decode tokens/s / Jlama's at the same n; NaN without Jlama
     * @param greedy           the greedy tokens: after the prompt, then after each decode step
     * @param agreeWithExact   leading greedy tokens equal to NcSparse exact's
     * @param exactMarginAtDivergence exact's top-1 minus top-2 logit where the first token differs; NaN when all agree
     * @param maxLogitDiffAfterPrompt max |logit - exact's logit| after the prompt
     */
    public record Row(int context, String system, double loadMs, double prefillTokensPerSecond, double decodeMs, double decodeMinMs,
                      double decodeTokensPerSecond, double decodeVsJlama, int[] greedy, int agreeWithExact, double exactMarginAtDivergence,
                      double maxLogitDiffAfterPrompt) {}

    /** The rows, the model, and Jlama's version or the reason it did not run. */
    public record Result(LmInfo model, List<Row> rows, String jlamaVersion, String jlamaMatmulInput, String jlamaUnavailable, String jlamaCaveat) {}

    public static final String JLAMA = "Jlama";

    /** Prompt length of the untimed warm-up pass that precedes the measured contexts. */
    static final int WARM_UP_CONTEXT = 256;

    public static Result run(Path folder, Config c, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        try (CausalLm lm = ModelRegistry.openCausalLm(folder)) {
            double ncsparseLoad = (System.nanoTime() - t0) / 1e6;
            log.printf(Locale.ROOT, "[llm-peers] NcSparse loaded %s in %.0f ms%n", folder, ncsparseLoad);
            JlamaPeer jlama = null;
            String unavailable = null;
            try {
                jlama = JlamaPeer.open(folder, c.threads());
                log.printf(Locale.ROOT, "[llm-peers] Jlama %s loaded in %.0f ms%n", JlamaPeer.version(), jlama.loadMillis());
                if (jlama.caveat() != null) log.println("[llm-peers] note: " + jlama.caveat());
            } catch (JlamaPeer.Unavailable e) {
                unavailable = e.getMessage();
            }
            int longest = Arrays.stream(c.contexts()).max().orElseThrow() + 1 + c.warmupSteps() + c.steps();
            if (jlama != null && (unavailable = jlama.roomFor(longest)) != null) {
                jlama.close();
                jlama = null;
            }
            if (unavailable != null) log.println("[llm-peers] Jlama does not run: " + unavailable);
            try {
                // untimed: the first prompt pass and steps of each system would otherwise time the JIT compiler
                int warmN = Math.min(WARM_UP_CONTEXT, c.contexts()[0]);
                log.printf(Locale.ROOT, "[llm-peers] warm-up: n=%d, untimed%n", warmN);
                context(lm, ncsparseLoad, jlama, warmN, c, new PrintStream(OutputStream.nullOutputStream()));
                List<Row> rows = new ArrayList<>();
                for (int n : c.contexts()) rows.addAll(context(lm, ncsparseLoad, jlama, n, c, log));
                return new Result(lm.info(), rows, JlamaPeer.version(), jlama == null ? "n/a" : jlama.matmulInputType(), unavailable,
                        jlama == null ? null : jlama.caveat());
            } finally {
                if (jlama != null) jlama.close();
            }
        }
    }

    /** The prompt of context n: the ids bench --llm uses (seed + n, uniform over [3, vocab)). */
    static int[] promptIds(int vocab, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + n);
        int[] prompt = new int[n];
        for (int i = 0; i < n; i++) prompt[i] = 3 + rnd.nextInt(vocab - 3);
        return prompt;
    }

    private static List<Row> context(CausalLm lm, double ncsparseLoad, JlamaPeer jlama, int n, Config c, PrintStream log) {
        int[] prompt = promptIds(lm.info().vocab(), n, c.seed());
        int generated = 1 + c.warmupSteps() + c.steps();
        List<GreedyDecoder> systems = new ArrayList<>();
        DecodeOptions o = new DecodeOptions(AttentionMode.EXACT, c.threads(), n + generated, c.pageSize(), c.kvType(), null);
        try {
            for (AttentionMode mode : c.modes()) systems.add(new NcSparseDecoder("NcSparse " + mode.label(), lm.newSession(o.withAttention(mode)), ncsparseLoad));
            if (jlama != null) systems.add(new JlamaDecoder(JLAMA + " " + JlamaPeer.version(), jlama));
            int m = systems.size();
            int[][] tokens = new int[m][generated];
            double[][] margins = new double[m][generated], wall = new double[m][c.steps()];
            double[] prefill = new double[m];
            float[][] promptLogits = new float[m][];
            for (int k = 0; k < m; k++) {
                GreedyDecoder s = systems.get(k);
                log.printf(Locale.ROOT, "[llm-peers] n=%d %s: prefill ...%n", n, s.label());
                long t0 = System.nanoTime();
                tokens[k][0] = s.prefill(prompt);
                prefill[k] = n / ((System.nanoTime() - t0) / 1e9);
                promptLogits[k] = s.logits().clone();
                margins[k][0] = topTwoMargin(s.logits());
                log.printf(Locale.ROOT, "[llm-peers] n=%d %s: prefill %.1f tokens/s%n", n, s.label(), prefill[k]);
            }
            int[] order = new int[m];
            for (int k = 0; k < m; k++) order[k] = k;
            SplittableRandom shuffle = new SplittableRandom(c.seed());
            for (int i = 1; i < generated; i++) {
                // a fresh order every step, so no system always runs right after the same other one
                for (int j = m - 1; j > 0; j--) {
                    int r = shuffle.nextInt(j + 1), t = order[j];
                    order[j] = order[r];
                    order[r] = t;
                }
                for (int k : order) {
                    long t0 = System.nanoTime();
                    tokens[k][i] = systems.get(k).step(tokens[k][i - 1]);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (i > c.warmupSteps()) wall[k][i - 1 - c.warmupSteps()] = ms;
                    margins[k][i] = topTwoMargin(systems.get(k).logits());
                }
            }
            double jlamaTps = jlama == null ? Double.NaN : 1000 / LlmSpeed.median(wall[m - 1]);
            List<Row> rows = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                int agree = 0;
                while (agree < generated && tokens[k][agree] == tokens[0][agree]) agree++;
                double ms = LlmSpeed.median(wall[k]);
                Row r = new Row(n, systems.get(k).label(), systems.get(k).loadMillis(), prefill[k], ms, Arrays.stream(wall[k]).min().orElse(Double.NaN),
                        1000 / ms, (1000 / ms) / jlamaTps, tokens[k], agree, agree == generated ? Double.NaN : margins[0][agree],
                        maxAbsDiff(promptLogits[k], promptLogits[0]));
                rows.add(r);
                log.printf(Locale.ROOT, "[llm-peers] n=%d %-28s prefill %.1f tokens/s, decode %.1f ms/token (%.2f tokens/s), greedy %d/%d equal to exact%n",
                        n, r.system(), r.prefillTokensPerSecond(), ms, r.decodeTokensPerSecond(), agree, generated);
            }
            return rows;
        } finally {
            for (GreedyDecoder s : systems) s.close();
        }
    }

    /** Top-1 minus top-2 logit. */
    static double topTwoMargin(float[] logits) {
        float a = Float.NEGATIVE_INFINITY, b = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            if (v > a) { b = a; a = v; } else if (v > b) b = v;
        }
        return a - b;
    }

    static double maxAbsDiff(float[] x, float[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("logit vectors differ in length: " + x.length + " vs " + y.length);
        double d = 0;
        for (int i = 0; i < x.length; i++) d = Math.max(d, Math.abs((double) x[i] - y[i]));
        return d;
    }

    /** Index of the largest value, the lowest index on ties (Jlama's rule too). */
    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** The Markdown table of the rows. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| context | system | load ms | prefill tokens/s | decode ms/token (min) | decode tokens/s | decode vs Jlama "
                + "| greedy tokens equal to NcSparse exact | exact's top-2 margin at first difference | max abs logit diff to exact after prompt |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.1f | %.1f (%.1f) | %.2f | %s | %d/%d | %s | %.2g |%n", r.context(), r.system(), r.loadMs(),
                    r.prefillTokensPerSecond(), r.decodeMs(), r.decodeMinMs(), r.decodeTokensPerSecond(),
                    Double.isNaN(r.decodeVsJlama()) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.decodeVsJlama()),
                    r.agreeWithExact(), r.greedy().length, Double.isNaN(r.exactMarginAtDivergence()) ? "all equal" : String.format(Locale.ROOT, "%.3g", r.exactMarginAtDivergence()),
                    r.maxLogitDiffAfterPrompt()));
        return sb.toString();
    }

    /** One engine decoding greedily. */
    private interface GreedyDecoder extends AutoCloseable {
        String label();
        double loadMillis();
        int prefill(int[] ids);
        int step(int id);
        /** The logits behind the last returned token (read only). */
        float[] logits();
        @Override void close();
    }

    private record NcSparseDecoder(String label, DecoderSession session, double loadMillis, float[][] last) implements GreedyDecoder {
        NcSparseDecoder(String label, DecoderSession session, double loadMillis) { this(label, session, loadMillis, new float[1][]); }
        public int prefill(int[] ids) { return argmax(last[0] = session.prefill(ids, null)); }
        public int step(int id) { return argmax(last[0] = session.step(id)); }
        public float[] logits() { return last[0]; }
        public void close() { session.close(); }
    }

    /** Jlama's sessions end with the run's (the peer is shared by the contexts). */
    private record JlamaDecoder(String label, JlamaPeer peer) implements GreedyDecoder {
        public double loadMillis() { return peer.loadMillis(); }
        public int prefill(int[] ids) { return peer.prefill(ids); }
        public int step(int id) { return peer.step(id); }
        public float[] logits() { return peer.lastLogits(); }
        public void close() {}
    }
}
