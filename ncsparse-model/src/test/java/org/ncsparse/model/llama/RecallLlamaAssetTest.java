package org.ncsparse.model.llama;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * The trained recall model shipped in {@code assets/recall-llama} (written by
 * {@code train_recall_llama.py}): NcSparse reads it as a Llama checkpoint, its tokenizer.json splits
 * text exactly as the training script's Python tokenizer did, and its logits agree with the
 * training script's PyTorch forward pass ({@code reference.json}: the last 8 positions of a passkey
 * prompt and its answer, half of them fed by prefill and half by decode steps).
 */
class RecallLlamaAssetTest {
    static final Path ASSET = Path.of("../assets/recall-llama").toAbsolutePath().normalize();

    static JsonNode reference() throws Exception {
        return new ObjectMapper().readTree(Files.readAllBytes(ASSET.resolve("reference.json")));
    }

    @Test void tokenizerSplitsTextAsTheTrainingScriptDid() throws Exception {
        try (CausalLm lm = ModelRegistry.openCausalLm(ASSET)) {
            assertThat(lm.info().family()).isEqualTo("llama");
            assertThat(lm.tokenizer().bos()).as("the template puts <s> first").isEqualTo(1);
            for (JsonNode t : reference().get("tokenizer")) {
                int[] expected = ints(t.get("ids"));
                assertThat(lm.tokenizer().encode(t.get("text").asText())).as(t.get("text").asText()).containsExactly(expected);
            }
            int[] answer = lm.tokenizer().encode(" 51234.");
            assertThat(answer).as("a space, then one token per digit, then the dot").hasSize(7);
            assertThat(lm.tokenizer().decode(answer)).isEqualTo("51234.");
        }
    }

    /**
     * Tolerance: both sides compute in float32 (PyTorch with its own summation order), ~6e-8 relative
     * rounding per operation over dot products of width ≤ 384 through 3 layers; measured differences
     * are ~1e-5 on logits of magnitude ~20, so 1e-3 absolute leaves a margin of about 100 while staying
     * far below the gaps between the model's top logits on this prompt (asserted > 0.1 below).
     */
    @Test void logitsMatchTheTrainingScriptsForwardPass() throws Exception {
        JsonNode ref = reference();
        int[] ids = ints(ref.get("ids"));
        int[] positions = ints(ref.get("positions"));
        int split = positions[positions.length / 2]; // prefill up to here, then decode steps
        float[][] got = new float[ids.length][];
        try (CausalLm lm = ModelRegistry.openCausalLm(ASSET); DecoderSession s = lm.newSession(DecodeOptions.exact(ids.length).withThreads(2))) {
            s.prefill(java.util.Arrays.copyOf(ids, split), (pos, logits) -> got[pos] = logits.clone());
            for (int p = split; p < ids.length; p++) got[p] = s.step(ids[p]);
        }
        for (int i = 0; i < positions.length; i++) {
            JsonNode row = ref.get("logits").get(i);
            float[] g = got[positions[i]];
            assertThat(g).hasSize(row.size());
            double max = 0, best = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < g.length; v++) {
                double e = row.get(v).asDouble();
                max = Math.max(max, Math.abs(g[v] - e));
                if (e > best) { second = best; best = e; } else if (e > second) second = e;
            }
            System.out.printf("[recall-llama] position %d: max |logit difference| %.2e, top-2 gap %.2f%n", positions[i], max, best - second);
            assertThat(max).as("position %d", positions[i]).isLessThan(1e-3);
            assertThat(best - second).as("the greedy token is decided by far more than the tolerance").isGreaterThan(0.1);
        }
        // the trained model answers this prompt: its greedy token at each answer position is the next reference token
        int start = ref.get("answerStart").asInt();
        for (int p = start - 1; p < ids.length - 1; p++) assertThat(argmax(got[p])).as("greedy token after position %d", p).isEqualTo(ids[p + 1]);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }
}
