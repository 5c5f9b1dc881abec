package org.ncsparse.lab.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.profile.HeadPoint;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.model.llm.DecodeOptions;

/** Profiling while decoding, on the toy decoder: every head at every length, numbers recomputed from the toy's logits. */
class DecodeProfileTest {

    static ProfileSettings settings(int rows) {
        return ProfileSettings.defaults(1).withLengths(new int[] {32, 64, 128}).withRows(rows).withCausal(true)
                .withBudgets(List.of(BudgetPolicy.fixed(4), BudgetPolicy.fixed(100000), BudgetPolicy.power(1, 0.5)));
    }

    @Test void everyHeadAtEveryLengthWithDroppedMassOfTheLastRow() throws Exception {
        ToyLm model = new ToyLm("toy");
        int[] prompt = Arrays.copyOf(model.tokenizer().encode(Files.readString(PerplexityEvalTest.TEXT)), 40);
        DecodeProfile.Result r = DecodeProfile.run(model, DecodeOptions.exact(8), prompt, settings(1), WeightsNotice.detect(model.info(), true), null);
        ProfileResult p = r.profile();
        assertThat(p.points()).hasSize(ToyLm.LAYERS * ToyLm.HEADS * 3);
        assertThat(r.promptTokens()).isEqualTo(40);
        assertThat(r.generated()).isEqualTo(128 - 40);
        int[] x = model.lastTokens;
        assertThat(x).hasSize(128);
        assertThat(Arrays.copyOf(x, 40)).containsExactly(prompt);
        for (HeadPoint hp : p.points()) {
            assertThat(hp.rows()).isEqualTo(1);
            // with one row per length it is the row that sees n keys: recompute its top-4 dropped mass here
            double[] logits = new double[hp.n()];
            ToyLm.headLogits(x, hp.n() - 1, hp.layer(), hp.head(), logits);
            double max = Arrays.stream(logits).max().orElseThrow(), z = 0;
            for (double l : logits) z += Math.exp(l - max);
            double[] pr = Arrays.stream(logits).map(l -> Math.exp(l - max)).sorted().toArray();
            double kept = 0;
            for (int i = 0; i < 4; i++) kept += pr[pr.length - 1 - i];
            assertThat(hp.dropped()[0]).as("L%dH%d n=%d", hp.layer(), hp.head(), hp.n()).isCloseTo(Math.max(0, 1 - kept / z), within(1e-9));
            assertThat(hp.dropped()[1]).isCloseTo(0, within(1e-12));
        }
        for (int l = 0; l < ToyLm.LAYERS; l++)
            for (int h = 0; h < ToyLm.HEADS; h++)
                assertThat(p.fits()[l][h][0]).isNotNull().satisfies(f -> assertThat(Double.isFinite(f.c())).isTrue());
    }

    @Test void rowsAreSampledInsideEachWindowAndTheReportIsComplete() throws Exception {
        ToyLm model = new ToyLm("toy");
        int[] prompt = model.tokenizer().encode("The quick brown fox jumps over the lazy dog. ");
        DecodeProfile.Result r = DecodeProfile.run(model, DecodeOptions.exact(8), prompt, settings(6), WeightsNotice.detect(model.info(), true), null);
        for (HeadPoint hp : r.profile().points())
            assertThat(hp.rows()).isEqualTo(Math.min(6, Math.max(1, hp.n() / 8) + 1));
        OutputFolder out = DecodeProfileReport.build(r, "ncsparse profile-decode");
        assertThat(out.files().keySet()).contains("index.html", "heads.html", "points.csv", "fits.csv", "profile.json", "decode.json",
                "dropped-vs-n.png", "fitted-C-tau0.1.png");
        String html = new String(out.files().get("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("random (untrained) weights").contains("fixed:4").contains("<td>128</td>");
        assertThat(new String(out.files().get("fits.csv"), StandardCharsets.UTF_8).lines().count()).isEqualTo(1 + ToyLm.LAYERS * ToyLm.HEADS * 2);
    }
}
