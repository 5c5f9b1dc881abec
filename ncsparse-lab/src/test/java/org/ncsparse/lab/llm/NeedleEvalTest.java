package org.ncsparse.lab.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.DecodeOptions;

/** Passkey retrieval end to end on the toy decoder, whose induction heads can copy the key. */
class NeedleEvalTest {

    @Test void heatMapCellsCountTheAnswersTheySayAndExactRetrieves() throws Exception {
        ToyLm model = new ToyLm("toy");
        int[] filler = model.tokenizer().encode(Files.readString(PerplexityEvalTest.TEXT));
        long seed = System.nanoTime();
        System.out.println("needle seed " + seed);
        NeedleEval.Config c = new NeedleEval.Config(new int[] {400, 700}, new double[] {0, 0.5, 1}, 2, 5, seed);
        List<AttentionMode> policies = Policies.parseAll(List.of("exact", "power:2,0.5", "sinkwindow:1,48"), AttentionMode.Selector.EXACT);
        NeedleResult r = NeedleEval.run(model, DecodeOptions.exact(8), filler, c, policies, null, null);
        assertThat(r.answers()).hasSize(3 * 2 * 3 * 2);
        for (int p = 0; p < 3; p++)
            for (int ci = 0; ci < 2; ci++)
                for (int di = 0; di < 3; di++) {
                    int pp = p, cc = ci, dd = di;
                    long counted = r.answers().stream().filter(a -> a.policy().equals(r.policies().get(pp)) && a.context() == c.contexts()[cc]
                            && a.depth() == c.depths()[dd] && a.correct()).count();
                    assertThat(r.correct()[p][ci][di]).as("cell %d %d %d", p, ci, di).isEqualTo((int) counted);
                }
        for (NeedleResult.Answer a : r.answers()) {
            assertThat(a.passkey()).hasSize(5);
            assertThat(a.correct()).isEqualTo(a.answer().trim().startsWith(a.passkey()));
        }
        assertThat(r.accuracy(0)).as("exact attention copies the key from anywhere").isEqualTo(1.0);
        // a 48-token window sees the question, not the needle, at depths 0 and 0.5
        for (int ci = 0; ci < 2; ci++) { assertThat(r.correct()[2][ci][0]).isZero(); assertThat(r.correct()[2][ci][1]).isZero(); }

        OutputFolder out = NeedleReport.build(r, "ncsparse needle");
        assertThat(out.files().keySet()).contains("index.html", "needle.csv", "answers.csv", "report.json", "needle_exact.png",
                "needle_power_2_0.5.png", "needle_sinkwindow_1_48.png");
        assertThat(new String(out.files().get("needle_exact.png"), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        String csv = new String(out.files().get("needle.csv"), StandardCharsets.UTF_8);
        assertThat(csv.lines().count()).isEqualTo(1 + 3 * 2 * 3);
        assertThat(csv).contains("\nexact,400,0.0,2,2,1.0\n");
    }

    @Test void promptHasExactlyTheContextAndTheNeedleAtItsDepth() {
        ToyLm model = new ToyLm("toy");
        Passkey pk = new Passkey(model.tokenizer(), model.tokenizer().encode("filler text. "));
        for (double depth : new double[] {0, 0.3, 1}) {
            int[] ids = pk.prompt(600, depth, "12345");
            assertThat(ids).hasSize(600);
            assertThat(ids[0]).isEqualTo(ToyLm.BOS);
            String text = model.tokenizer().decode(ids);
            int at = text.indexOf("The pass key is 12345");
            int fill = 600 - 1 - Passkey.INTRO.length() - Passkey.needle("12345").length() - Passkey.QUESTION.length();
            assertThat(at - Passkey.INTRO.length()).as("depth %s", depth).isEqualTo((int) Math.round(depth * fill) + 1); // BOS decodes to nothing; the needle starts with a space
            assertThat(text).endsWith(Passkey.QUESTION);
        }
        assertThat(Passkey.correct(" 12345. Remember", "12345")).isTrue();
        assertThat(Passkey.correct(" 123456", "12345")).isFalse();
        assertThat(Passkey.correct(" the key", "12345")).isFalse();
        assertThatThrownBy(() -> pk.prompt(50, 0.5, "12345")).hasMessageContaining("too short");
        assertThatThrownBy(() -> new NeedleEval.Config(new int[] {100}, new double[] {1.5}, 1, 5, 1)).hasMessageContaining("--depths");
    }
}
