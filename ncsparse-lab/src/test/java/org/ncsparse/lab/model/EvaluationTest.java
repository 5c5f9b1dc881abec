package org.ncsparse.lab.model;
import org.ncsparse.model.block.AttentionPlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.budget.PowerBudget;
import org.ncsparse.lab.profile.PowerFit;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Equal-budget calibration, chunking, nearest neighbours, and a tiny end-to-end evaluation on MiniLM. */
class EvaluationTest {
    @Test
    void calibrationHitsTheTargetAverage() {
        BudgetCalibration cal = new BudgetCalibration(new int[] {50, 100, 400});
        // fixed k: rows weighted by n, k clamped to n
        assertThat(cal.average(n -> 64)).isCloseTo((50.0 * 50 + 100 * 64 + 400 * 64) / 550, within(1e-12));
        EvalPolicy p = cal.power(32, 0.5);
        PowerBudget pb = (PowerBudget) p.plan().budget(0, 0);
        assertThat(cal.average(n -> pb.k(n))).isCloseTo(32, within(1.5));
        assertThat(p.label()).startsWith("power:");
        PowerFit[][] fits = {{new PowerFit(1, 0.3, 1), new PowerFit(2, 0.9, 1)}};
        EvalPolicy ph = cal.perHead(20, fits);
        double avg = 0;
        for (int h = 0; h < 2; h++) {
            PowerBudget b = (PowerBudget) ph.plan().budget(0, h);
            avg += cal.average(n -> b.k(n)) / 2;
        }
        assertThat(avg).isCloseTo(20, within(1.5));
        assertThat(cal.fixed(30).label()).isEqualTo("fixed:30");
        assertThat(cal.sinkWindow(30).label()).isEqualTo("sinkWindow:4,26");
    }

    @Test
    void topKOrdersBySimilarity() {
        float[][] docs = {{1, 0}, {0, 1}, {0.6f, 0.8f}, {-1, 0}};
        assertThat(SparseEvaluation.topK(new float[] {1, 0}, docs, 3)).containsExactly(0, 2, 1);
        assertThat(SparseEvaluation.topK(new float[] {0, 1}, docs, 10)).containsExactly(1, 2, 0, 3);
    }

    @Test
    void tinyEvaluationOnRealText(@TempDir Path dir) throws Exception {
        try (BertModel model = ModelStore.load(ModelId.MINILM)) {
            String text = Files.readString(Path.of("/usr/share/common-licenses/MPL-2.0"));
            List<Chunker.Chunk> chunks = Chunker.chunk("MPL-2.0", text, model.tokenizer(), 40, 96);
            assertThat(chunks.size()).isGreaterThan(8);
            for (Chunker.Chunk c : chunks) assertThat(c.ids().length).isBetween(20, 96);
            chunks = chunks.subList(0, 8);
            SparseEvaluation ev = new SparseEvaluation(model, chunks, 2);
            BudgetCalibration cal = new BudgetCalibration(ev.chunkLengths());
            List<EvalRow> rows = new ArrayList<>();
            rows.add(ev.exactRow());
            for (EvalPolicy p : List.of(cal.fixed(16), cal.power(16, 0.5))) rows.add(ev.evaluate(p));
            rows.add(ev.evaluate(new EvalPolicy("fixed", "fixed:512", Double.NaN,
                    org.ncsparse.model.block.AttentionPlan.uniform(org.ncsparse.budget.BudgetPolicy.fixed(512)))));
            EvalRow full = rows.get(3);
            assertThat(full.cosMean()).isCloseTo(1, within(1e-6));       // keeping every key is exact
            assertThat(full.recallAt10()).isEqualTo(1);
            assertThat(full.keptFraction()).isCloseTo(1, within(1e-12));
            EvalRow fixed = rows.get(1);
            assertThat(fixed.avgBudget()).isCloseTo(16, within(0.5));  // measured equals calibrated
            assertThat(fixed.cosMean()).isBetween(0.5, 1.0);
            EvaluationWriter.write("minilm", chunks.size(), rows, dir);
            assertThat(dir.resolve("evaluate.csv")).isRegularFile();
            assertThat(dir.resolve("cosine-vs-budget.png")).isRegularFile();
            assertThat(Files.readAllLines(dir.resolve("evaluate.csv"))).hasSize(5);
        }
    }
}
