package org.ncsparse.lab.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/** Perplexity and KL end to end on the toy decoder, checked against sums computed here by another path. */
class PerplexityEvalTest {
    static final Path TEXT = Path.of("/usr/share/common-licenses/Apache-2.0");

    static int[] text(ToyLm m) throws Exception { return m.tokenizer().encode(Files.readString(TEXT)); }

    @Test void exactAndKeepEverythingGiveZeroKlAndFullAgreement_sparseDoesNot() throws Exception {
        ToyLm model = new ToyLm("toy");
        List<int[]> windows = Windows.cut(text(model), 96, ToyLm.BOS, 3);
        List<AttentionMode> policies = Policies.parseAll(List.of("exact", "fixed:100000", "power:1,0.5", "sinkwindow:1,4@pages"), AttentionMode.Selector.EXACT);
        PerplexityResult r = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null);
        assertThat(r.windows()).isEqualTo(3);
        assertThat(r.exact().tokens()).isEqualTo(3 * 95);
        for (PerplexityResult.Score s : r.policies().subList(0, 2)) {
            assertThat(s.klMax()).as(s.policy()).isLessThan(1e-12);
            assertThat(s.top1()).as(s.policy()).isEqualTo(1.0);
            assertThat(s.perplexity()).as(s.policy()).isCloseTo(r.exact().perplexity(), within(1e-9 * r.exact().perplexity()));
        }
        PerplexityResult.Score window = r.policies().get(3);
        assertThat(window.klMean()).isGreaterThan(1e-3);
        assertThat(window.klMean()).isLessThanOrEqualTo(window.klMax());
        assertThat(window.klP95()).isLessThanOrEqualTo(window.klMax());
        assertThat(window.top1()).isLessThan(1.0);
        assertThat(window.certifiedFraction()).isNaN(); // prefill only: no page-selected decode row
        assertThat(r.policies().get(2).certifiedFraction()).isNaN();
        assertThat(r.exact().klMean()).isZero();
    }

    @Test void exactPerplexityEqualsExpMeanNllComputedTokenByToken() throws Exception {
        ToyLm model = new ToyLm("toy");
        int[] tokens = text(model);
        List<int[]> windows = Windows.cut(tokens, 64, ToyLm.BOS, 2);
        PerplexityResult r = PerplexityEval.run(model, DecodeOptions.exact(64), windows, List.of(), null, null);
        double nll = 0;
        int count = 0;
        for (int w = 0; w < 2; w++) {
            // the window built by hand: BOS then 63 text tokens, fed one step at a time
            int[] ids = new int[64];
            ids[0] = ToyLm.BOS;
            System.arraycopy(tokens, w * 63, ids, 1, 63);
            try (DecoderSession s = model.newSession(DecodeOptions.exact(64))) {
                float[] logits = s.prefill(new int[] {ids[0]}, null);
                for (int t = 1; t < 64; t++) {
                    double max = Double.NEGATIVE_INFINITY, z = 0;
                    for (float v : logits) max = Math.max(max, v);
                    for (float v : logits) z += Math.exp(v - max);
                    nll -= logits[ids[t]] - max - Math.log(z);
                    count++;
                    logits = s.step(ids[t]);
                }
            }
        }
        assertThat(r.exact().tokens()).isEqualTo(count);
        assertThat(r.exact().perplexity()).isCloseTo(Math.exp(nll / count), within(1e-9 * Math.exp(nll / count)));
    }

    @Test void chunkedLockStepEqualsOneChunk() throws Exception {
        ToyLm model = new ToyLm("toy");
        List<int[]> windows = Windows.cut(text(model), 80, ToyLm.BOS, 2);
        List<AttentionMode> policies = Policies.parseAll(List.of("power:1,0.5"), AttentionMode.Selector.EXACT);
        PerplexityResult whole = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null);
        PerplexityResult chunked = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null, Integer.MAX_VALUE, 7);
        assertThat(chunked.exact().meanNll()).isEqualTo(whole.exact().meanNll());
        assertThat(chunked.policies().get(0).klMean()).isEqualTo(whole.policies().get(0).klMean());
        assertThat(chunked.policies().get(0).klByPosition()).containsExactly(whole.policies().get(0).klByPosition());
    }

    @Test void decodeStepsScoreTheSameTokensAsPrefillAndRunThePageSelector() throws Exception {
        ToyLm model = new ToyLm("toy");
        List<int[]> windows = Windows.cut(text(model), 80, ToyLm.BOS, 2);
        List<AttentionMode> policies = Policies.parseAll(List.of("power:1,0.5@pages"), AttentionMode.Selector.EXACT);
        PerplexityResult prefill = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null);
        PerplexityResult stepped = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null, 30, 16);
        assertThat(stepped.decodeFrom()).isEqualTo(30);
        assertThat(stepped.exact().tokens()).isEqualTo(prefill.exact().tokens());
        assertThat(stepped.exact().meanNll()).isCloseTo(prefill.exact().meanNll(), within(1e-12));
        assertThat(stepped.policies().get(0).klMean()).isCloseTo(prefill.policies().get(0).klMean(), within(1e-12));
        assertThat(prefill.policies().get(0).certifiedFraction()).as("no decode step, no page-selected row").isNaN();
        assertThat(stepped.policies().get(0).certifiedFraction()).isEqualTo(1.0);
        assertThat(new String(PerplexityReport.build(prefill, "x").files().get("index.html"), StandardCharsets.UTF_8)).contains("--decode-from");
        assertThatThrownBy(() -> PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, null, null, 0)).hasMessageContaining("--decode-from");
    }

    @Test void reportSaysWhenWeightsAreRandom() throws Exception {
        ToyLm model = new ToyLm("toy");
        List<int[]> windows = Windows.cut(text(model), 48, ToyLm.BOS, 1);
        List<AttentionMode> policies = Policies.parseAll(List.of("power:1,0.5"), AttentionMode.Selector.EXACT);
        PerplexityResult flagged = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, WeightsNotice.detect(model.info(), true), null);
        OutputFolder out = PerplexityReport.build(flagged, "ncsparse perplexity --random-weights");
        assertThat(out.files().keySet()).contains("index.html", "perplexity.csv", "windows.csv", "kl_by_position.csv", "kl_by_position.png", "report.json");
        String html = new String(out.files().get("index.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("random (untrained) weights");
        assertThat(new String(out.files().get("report.json"), StandardCharsets.UTF_8)).contains("\"randomWeights\" : true");
        String csv = new String(out.files().get("perplexity.csv"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("policy,windows,tokens,perplexity,").contains("\nexact,1,47,").contains("\n\"power:1,0.5\",1,47,");

        PerplexityResult plain = PerplexityEval.run(model, DecodeOptions.exact(8), windows, policies, WeightsNotice.detect(model.info(), false), null);
        assertThat(plain.notice().random()).as("the toy predicts licence text far better than uniform").isFalse();
        assertThat(new String(PerplexityReport.build(plain, "x").files().get("index.html"), StandardCharsets.UTF_8)).doesNotContain("random (untrained)");
        assertThat(WeightsNotice.detect(new ToyLm("/tmp/random-llama").info(), false).random()).isTrue();
        assertThat(WeightsNotice.NONE.withPerplexity(200, 258).random()).isTrue();
    }

    @Test void badInput() throws Exception {
        ToyLm model = new ToyLm("toy");
        assertThatThrownBy(() -> Windows.cut(new int[10], 64, ToyLm.BOS, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--context 64");
        assertThatThrownBy(() -> Policies.parse("power:1", AttentionMode.Selector.EXACT)).hasMessageContaining("--attention 'power:1'");
        assertThatThrownBy(() -> Policies.parse("exact@pages", AttentionMode.Selector.EXACT)).hasMessageContaining("needs a budget");
        assertThatThrownBy(() -> Policies.parse("fixed:4@fast", AttentionMode.Selector.EXACT)).hasMessageContaining("pages or exact");
        assertThat(Policies.parse("fixed:4@pages", AttentionMode.Selector.EXACT).label()).isEqualTo("fixed:4 (pages)");
        assertThat(Policies.tag("sinkwindow:4,64+power:1,0.5 (pages)")).isEqualTo("sinkwindow_4_64_power_1_0.5_pages");
        assertThat(model.info().vocab()).isEqualTo(ToyLm.VOCAB);
    }
}
