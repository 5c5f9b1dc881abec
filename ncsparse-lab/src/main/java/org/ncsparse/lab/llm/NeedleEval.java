package org.ncsparse.lab.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * Passkey retrieval: for every context length, depth and trial, one prompt (a fresh random
 * {@code digits}-digit key, seeded), prefilled and answered greedily under every policy.
 */
public final class NeedleEval {
    private NeedleEval() {}

    /** What to run. Depths in [0, 1]; contexts ascending or not, each ≥ the prompt's fixed part. */
    public record Config(int[] contexts, double[] depths, int trials, int digits, long seed) {
        public Config {
            if (contexts.length == 0) throw new IllegalArgumentException("--context needs at least one length");
            if (depths.length == 0) throw new IllegalArgumentException("--depths needs at least one depth");
            for (double d : depths) if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException("--depths must be in [0, 1], got " + d);
            if (trials < 1) throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
            if (digits < 1 || digits > 18) throw new IllegalArgumentException("digits must be in [1, 18], got " + digits);
        }
    }

    public static NeedleResult run(CausalLm model, DecodeOptions base, int[] fillerTokens, Config c, List<AttentionMode> policies,
                                   WeightsNotice notice, Consumer<String> progress) {
        if (policies.isEmpty()) throw new IllegalArgumentException("no attention policy to evaluate");
        Consumer<String> say = progress == null ? s -> {} : progress;
        long t0 = System.nanoTime();
        Passkey passkey = new Passkey(model.tokenizer(), fillerTokens);
        int vocab = model.info().vocab(), eos = model.tokenizer().eos();
        int[][][] correct = new int[policies.size()][c.contexts().length][c.depths().length];
        List<NeedleResult.Answer> answers = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(c.seed());
        long lo = (long) Math.pow(10, c.digits() - 1);
        int cells = c.contexts().length * c.depths().length, done = 0;
        long[] certifiedRows = new long[policies.size()], selectedRows = new long[policies.size()]; // page selector only
        for (int ci = 0; ci < c.contexts().length; ci++) {
            int ctx = c.contexts()[ci];
            for (int di = 0; di < c.depths().length; di++) {
                for (int t = 0; t < c.trials(); t++) {
                    String key = Long.toString(lo + rnd.nextLong(9 * lo));
                    int[] prompt = passkey.prompt(ctx, c.depths()[di], key);
                    int maxNew = passkey.answerBudget(key);
                    DecodeOptions opts = new DecodeOptions(AttentionMode.EXACT, base.threads(), ctx + maxNew, base.pageSize(), base.kvType(), null);
                    for (int p = 0; p < policies.size(); p++) {
                        String answer;
                        try (DecoderSession s = model.newSession(opts.withAttention(policies.get(p)))) {
                            float[] logits = s.prefill(prompt, null);
                            answer = model.tokenizer().decode(Greedy.generate(s, logits, vocab, maxNew, eos));
                            certifiedRows[p] += s.stats().certifiedRows();
                            selectedRows[p] += s.stats().selectedRows();
                        }
                        boolean ok = Passkey.correct(answer, key);
                        if (ok) correct[p][ci][di]++;
                        answers.add(new NeedleResult.Answer(policies.get(p).label(), ctx, c.depths()[di], t, key, answer, ok));
                    }
                }
                done++;
                StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "needle: context %d depth %s (%d/%d cells):", ctx,
                        trimmed(c.depths()[di]), done, cells));
                for (int p = 0; p < policies.size(); p++) {
                    msg.append(' ').append(policies.get(p).label()).append(' ').append(correct[p][ci][di]).append('/').append(c.trials());
                    if (selectedRows[p] > 0) msg.append(String.format(Locale.ROOT, " (%.0f%% of rows certified)", 100.0 * certifiedRows[p] / selectedRows[p]));
                }
                say.accept(msg.append(String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - t0) / 1e9)).toString());
            }
        }
        List<String> labels = policies.stream().map(AttentionMode::label).toList();
        return new NeedleResult(model.info(), notice == null ? WeightsNotice.NONE : notice, KvCacheInfo.of(base), c.contexts().clone(), c.depths().clone(), c.trials(),
                labels, correct, answers, (System.nanoTime() - t0) / 1e9, certifiedShare(certifiedRows, selectedRows));
    }

    private static double[] certifiedShare(long[] certified, long[] selected) {
        double[] share = new double[certified.length];
        for (int p = 0; p < share.length; p++) share[p] = selected[p] == 0 ? Double.NaN : (double) certified[p] / selected[p];
        return share;
    }

    static String trimmed(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
