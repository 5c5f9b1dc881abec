package org.ncsparse.model.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.AttentionProbe;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.RecallProbe;
import org.ncsparse.model.llm.SessionStats;

/**
 * The probe's kept sets on a random model: the exact selector keeps exactly k(n) keys, the exact
 * top-k of the probe's logits (recall 1); the page selector's recall lies in [0, 1] and is 1 on every
 * row it certifies. The kernel's logits and the probe's differ by float32 rounding (hd = 8 products,
 * about 1e-6 relative), so a kept key counts as top-k when its logit is within 1e-4·(1 + max|l|) of
 * the k-th largest, and mass recall is compared to 1 within 1e-4.
 */
class LlamaKeptTest {
    @TempDir Path tmp;

    /** One row's check: its kept count, mass and index recall (index recall with the tolerance above). */
    record Row(int n, int count, double mass, double index) {}

    static final class Recorder implements AttentionProbe {
        final List<Row> rows = new ArrayList<>();
        boolean on = true;
        float[] last;
        int lastN, onRows;
        @Override public boolean active() { return on; }
        @Override public void onRow(int layer, int head, int position, float[] logits, int n) { last = logits.clone(); lastN = n; onRows++; }
        @Override public void onKept(int layer, int head, int position, int[] kept, int count) {
            double[] scratch = new double[lastN];
            double mass = RecallProbe.massRecall(last, lastN, kept, count, scratch);
            RecallProbe.indexRecall(last, lastN, kept, count, scratch); // sorts scratch descending
            double max = 0;
            for (int j = 0; j < lastN; j++) max = Math.max(max, Math.abs(last[j]));
            double t = scratch[count - 1] - 1e-4 * (1 + max);
            int hits = 0;
            for (int i = 0; i < count; i++) {
                if (i > 0) assertThat(kept[i]).as("kept ascending and distinct").isGreaterThan(kept[i - 1]);
                assertThat(kept[i]).isBetween(0, lastN - 1);
                if (last[kept[i]] >= t) hits++;
            }
            rows.add(new Row(lastN, count, mass, (double) hits / count));
        }
    }

    @Test
    void exactSelectorKeepsTheExactTopK() throws Exception {
        long seed = LlamaSessionTest.seed();
        CountBudget budget = (CountBudget) BudgetPolicy.parse("power:1,0.5");
        int prompt = 40, steps = 6;
        Recorder r = new Recorder();
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("m"), seed, Map.of()));
             DecoderSession s = lm.newSession(DecodeOptions.exact(128).withAttention(new AttentionMode(budget, AttentionMode.Selector.EXACT)).withProbe(r))) {
            r.on = false;
            s.prefill(LlamaSessionTest.randomIds(seed, prompt, 64), null);
            s.step(5); // inactive: nothing reported
            assertThat(r.onRows).isZero();
            r.on = true;
            for (int i = 0; i < steps; i++) s.step((int) ((seed + i) & 63));
        }
        int rowsPerStep = 2 * 4; // layers × heads of RandomLlama
        assertThat(r.rows).as("seed %d", seed).hasSize(steps * rowsPerStep);
        for (Row row : r.rows) {
            assertThat(row.count()).as("k(n) at n = %d, seed %d", row.n(), seed).isEqualTo(budget.k(row.n()));
            assertThat(row.mass()).as("mass recall, seed %d", seed).isBetween(1 - 1e-4, 1.0);
            assertThat(row.index()).as("index recall, seed %d", seed).isEqualTo(1.0);
        }
    }

    @Test
    void pageSelectorRecallIsOneOnCertifiedRows() throws Exception {
        long seed = LlamaSessionTest.seed();
        CountBudget budget = (CountBudget) BudgetPolicy.parse("power:1,0.5");
        int steps = 6;
        DecodeOptions options = new DecodeOptions(new AttentionMode(budget, AttentionMode.Selector.PAGES), 1, 320, 4, DecodeOptions.KvType.F32, null);
        // pages of 4 tokens, so summary blocks of 4. Prompt 3: at most 9 tokens, all of them inside the
        // always-scored sink (16) and recent (32) tokens, so every row is certified; prompts 150 and 300:
        // 39 and 77 blocks of which ~13 are always scored, so rows may be left uncertified.
        for (int prompt : new int[] {3, 150, 300}) {
            Recorder r = new Recorder();
            try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("p" + prompt), seed, Map.of()));
                 DecoderSession s = lm.newSession(options.withProbe(r))) {
                s.prefill(LlamaSessionTest.randomIds(seed + prompt, prompt, 64), null);
                SessionStats before = s.stats();
                for (int i = 0; i < steps; i++) s.step((int) ((seed + 7 * i) & 63));
                SessionStats after = s.stats();
                long selected = after.selectedRows() - before.selectedRows(), uncertified = selected - (after.certifiedRows() - before.certifiedRows());
                assertThat(r.rows).hasSize((int) selected);
                long missed = 0;
                for (Row row : r.rows) {
                    assertThat(row.mass()).as("seed %d", seed).isBetween(0.0, 1.0);
                    assertThat(row.index()).as("seed %d", seed).isBetween(0.0, 1.0);
                    assertThat(row.count()).isEqualTo(budget.k(row.n()));
                    if (row.mass() < 1 - 1e-4 || row.index() < 1) missed++;
                }
                if (prompt == 3) assertThat(uncertified).as("short context: every block scored").isZero();
                assertThat(missed).as("rows below recall 1 are uncertified ones, prompt %d, seed %d", prompt, seed).isLessThanOrEqualTo(uncertified);
                System.out.printf("pages, prompt %d: %d rows, %d uncertified, %d below recall 1 (seed %d)%n", prompt, selected, uncertified, missed, seed);
            }
        }
    }

    @Test
    void recallProbeAggregatesOnlyWhileActive() throws Exception {
        long seed = LlamaSessionTest.seed();
        RecallProbe p = new RecallProbe();
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("a"), seed, Map.of()));
             DecoderSession s = lm.newSession(DecodeOptions.exact(64).withAttention(new AttentionMode(BudgetPolicy.parse("fixed:3"), AttentionMode.Selector.EXACT)).withProbe(p))) {
            s.prefill(LlamaSessionTest.randomIds(seed, 10, 64), null);
            s.step(1);
            assertThat(p.rows()).isZero();
            p.setActive(true);
            s.step(2); s.step(3);
        }
        assertThat(p.rows()).isEqualTo(2 * 2 * 4);
        assertThat(p.minMassRecall()).as("seed %d", seed).isBetween(1 - 1e-4, 1.0);
        assertThat(p.meanMassRecall()).isBetween(p.minMassRecall(), 1.0);
        assertThat(p.meanIndexRecall()).isBetween(p.minIndexRecall(), 1.0);
    }
}
