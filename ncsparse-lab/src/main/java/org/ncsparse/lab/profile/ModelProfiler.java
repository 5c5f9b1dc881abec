package org.ncsparse.lab.profile;

import org.ncsparse.model.block.AttentionPlan;
import org.ncsparse.model.bert.BertModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Profiles a BERT encoder's exact attention on real text: for each text and each n in the settings
 * it runs the encoder on the first n tokens (a truncation, [SEP] kept last) and accumulates every
 * layer's and head's attention rows. Texts shorter than n tokens are skipped at that n.
 */
public final class ModelProfiler {
    private ModelProfiler() {}

    public static ProfileResult profile(BertModel model, List<String> texts, ProfileSettings s) throws Exception {
        return profile(model, texts, s, () -> {});
    }

    /** As above; {@code onStep} runs after each (length, text) pass: lengths x texts steps in all. */
    public static ProfileResult profile(BertModel model, List<String> texts, ProfileSettings s, Runnable onStep) throws Exception {
        long t0 = System.nanoTime();
        int layers = model.config().layers(), heads = model.config().heads(), dh = model.config().headDim();
        float scale = model.config().scoreScale();
        List<int[]> tokenized = new ArrayList<>();
        for (String t : texts) tokenized.add(model.tokenizer().encode(t));
        List<HeadPoint> points = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(s.threads());
        try {
            for (int n : s.lengths()) {
                HeadAccumulator[][] acc = new HeadAccumulator[layers][heads];
                for (int l = 0; l < layers; l++) for (int h = 0; h < heads; h++) acc[l][h] = new HeadAccumulator(s, n);
                int used = 0;
                for (int[] ids : tokenized) {
                    if (ids.length < n) { onStep.run(); continue; }
                    used++;
                    int[] cut = java.util.Arrays.copyOf(ids, n);
                    cut[n - 1] = ids[ids.length - 1];
                    List<Future<?>> jobs = new ArrayList<>();
                    model.encoder().hiddenStates(cut, AttentionPlan.EXACT, (layer, q, k, hs, len, d, sc) -> {
                        float[] qc = q.clone(), kc = k.clone();
                        for (int h = 0; h < hs; h++) {
                            int hh = h;
                            jobs.add(pool.submit(() -> {
                                float[] qh = java.util.Arrays.copyOfRange(qc, hh * len * d, (hh + 1) * len * d);
                                float[] kh = java.util.Arrays.copyOfRange(kc, hh * len * d, (hh + 1) * len * d);
                                HeadProfiler.addRows(acc[layer][hh], qh, kh, len, d, sc, s.maxRows(), false);
                            }));
                        }
                    });
                    for (Future<?> f : jobs) f.get();
                    onStep.run();
                }
                if (used == 0) continue;
                for (int l = 0; l < layers; l++) for (int h = 0; h < heads; h++) points.add(acc[l][h].result(l, h));
            }
        } finally {
            pool.shutdownNow();
        }
        if (points.isEmpty()) throw new IllegalArgumentException("no text is long enough for n = " + s.lengths()[0] + " tokens");
        return ProfileResult.of(model.name(), s, layers, heads, points, (System.nanoTime() - t0) / 1e9);
    }
}
