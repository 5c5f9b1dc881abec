package org.ncsparse.lab.llm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.AttentionProbe;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LmInfo;
import org.ncsparse.model.llm.LogitsSink;
import org.ncsparse.model.llm.SessionStats;
import org.ncsparse.model.tokenizer.TextTokenizer;
import org.ncsparse.select.ReferenceSelector;

/**
 * A test double of a decoder: byte tokens and "induction heads". Head (l, h) at query position t
 * scores key j by how many tokens before j repeat the tokens ending at t (up to ORDER[l][h]), times
 * BETA[l][h], plus a small recency term; its value is the token x_j. The next-token distribution is
 * P(v) = λ/V + (1 − λ)·mean over heads of Σ_j p_j·[x_j = v]. Sparse modes keep the budget's top-k
 * keys per head (renormalised), so sparse attention changes the output exactly as in a real model,
 * and a needle sentence is retrieved by copying.
 */
final class ToyLm implements CausalLm {
    static final int BOS = 256, EOS = 257, VOCAB = 258, LAYERS = 2, HEADS = 2;
    static final double[][] BETA = {{3, 6}, {1.5, 4}};
    static final int[][] ORDER = {{4, 8}, {2, 12}};
    static final double LAMBDA = 0.02, RECENCY = 0.5;

    private final String source;
    int[] lastTokens = new int[0];

    ToyLm(String source) { this.source = source; }

    @Override public LmInfo info() { return new LmInfo("toy", source, LAYERS, 16, HEADS, 1, 8, 32, VOCAB, 1 << 16, "F32"); }

    @Override public TextTokenizer tokenizer() {
        return new TextTokenizer() {
            @Override public int[] encode(String text) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int[] ids = new int[b.length];
                for (int i = 0; i < b.length; i++) ids[i] = b[i] & 0xff;
                return ids;
            }
            @Override public String decode(int[] ids) {
                byte[] b = new byte[ids.length];
                int n = 0;
                for (int id : ids) if (id < 256) b[n++] = (byte) id;
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            @Override public int vocabSize() { return VOCAB; }
            @Override public int bos() { return BOS; }
            @Override public int eos() { return EOS; }
        };
    }

    @Override public DecoderSession newSession(DecodeOptions options) { return new Session(options); }

    @Override public void close() {}

    /** Head (l, h)'s attention logits of query position t over keys 0..t of tokens x. */
    static void headLogits(int[] x, int t, int l, int h, double[] out) {
        for (int j = 0; j <= t; j++) {
            int m = 0;
            while (m < ORDER[l][h] && j - 1 - m >= 0 && x[j - 1 - m] == x[t - m]) m++;
            out[j] = BETA[l][h] * m + RECENCY * j / (t + 1);
        }
    }

    final class Session implements DecoderSession {
        private final DecodeOptions o;
        private int[] x = new int[16];
        private int n;
        private long prefillTokens, prefillNanos, decodeTokens, decodeNanos, attentionNanos, certified, selected;

        Session(DecodeOptions o) { this.o = o; }

        @Override public float[] prefill(int[] ids, LogitsSink sink) {
            long t0 = System.nanoTime();
            float[] last = null;
            for (int id : ids) {
                append(id);
                last = next(null, false);
                if (sink != null) sink.accept(n - 1, last);
            }
            prefillTokens += ids.length;
            prefillNanos += System.nanoTime() - t0;
            return last;
        }

        @Override public float[] step(int id) {
            long t0 = System.nanoTime();
            append(id);
            float[] l = next(o.probe(), true);
            decodeTokens++;
            decodeNanos += System.nanoTime() - t0;
            return l;
        }

        private void append(int id) {
            if (id < 0 || id >= VOCAB) throw new IllegalArgumentException("token id " + id + " outside [0, " + VOCAB + ")");
            if (n == o.maxContext()) throw new IllegalStateException("the session holds maxContext = " + o.maxContext() + " tokens already");
            if (n == x.length) x = Arrays.copyOf(x, 2 * n);
            x[n++] = id;
            lastTokens = Arrays.copyOf(x, n);
        }

        /** Next-token logits; like the real decoder, the page selector (counted as certified) runs only in decode steps. */
        private float[] next(AttentionProbe probe, boolean decoding) {
            long a0 = System.nanoTime();
            int t = n - 1;
            double[] logits = new double[n], p = new double[VOCAB];
            float[] row = new float[n];
            int[] kept = new int[n];
            ReferenceSelector selector = new ReferenceSelector(n);
            AttentionMode mode = o.attention();
            for (int l = 0; l < LAYERS; l++)
                for (int h = 0; h < HEADS; h++) {
                    headLogits(x, t, l, h, logits);
                    if (probe != null) {
                        for (int j = 0; j < n; j++) row[j] = (float) logits[j];
                        probe.onRow(l, h, t, row, n);
                    }
                    int count;
                    if (mode.exact()) { for (int j = 0; j < n; j++) kept[j] = j; count = n; }
                    else count = selector.select(mode.budget(), logits, n, kept);
                    if (decoding && mode.selector() == AttentionMode.Selector.PAGES) { selected++; certified++; }
                    double max = Double.NEGATIVE_INFINITY, z = 0;
                    for (int i = 0; i < count; i++) max = Math.max(max, logits[kept[i]]);
                    for (int i = 0; i < count; i++) z += Math.exp(logits[kept[i]] - max);
                    for (int i = 0; i < count; i++) p[x[kept[i]]] += (1 - LAMBDA) / (LAYERS * HEADS) * Math.exp(logits[kept[i]] - max) / z;
                }
            float[] out = new float[VOCAB];
            for (int v = 0; v < VOCAB; v++) out[v] = (float) Math.log(LAMBDA / VOCAB + p[v]);
            attentionNanos += System.nanoTime() - a0;
            return out;
        }

        @Override public int length() { return n; }

        @Override public SessionStats stats() {
            return new SessionStats(prefillTokens, prefillNanos, decodeTokens, decodeNanos, attentionNanos, certified, selected);
        }
    }
}
