package org.ncsparse.model.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * Session behaviour on a random model written from Java: prefill over several row blocks equals
 * token-by-token decoding (the decode path is the one checked against the NumPy reference), threads
 * do not change results, the probe sees exact rows, and bad requests are refused before anything changes.
 */
class LlamaSessionTest {
    @TempDir Path tmp;

    static int[] randomIds(long seed, int n, int vocab) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    @Test
    void prefillOverSeveralBlocksEqualsStepByStep() throws Exception {
        long seed = System.nanoTime();
        int n = LlamaSession.PREFILL_ROWS + 13; // two blocks, the second partial
        int[] ids = randomIds(seed, n, 64);
        for (BudgetPolicy budget : new BudgetPolicy[] {null, BudgetPolicy.parse("power:1,0.5"), BudgetPolicy.parse("sinkwindow:2,8+fixed:3")}) {
            try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("m" + seed), seed, Map.of()))) {
                AttentionMode mode = new AttentionMode(budget, AttentionMode.Selector.EXACT);
                DecodeOptions options = DecodeOptions.exact(256).withAttention(mode);
                float[][] prefilled = new float[n][];
                try (DecoderSession s = lm.newSession(options.withThreads(2))) {
                    s.prefill(ids, (pos, l) -> prefilled[pos] = l.clone());
                }
                try (DecoderSession s = lm.newSession(options)) {
                    float[] first = s.prefill(new int[] {ids[0]}, null);
                    assertClose(first, prefilled[0], seed, 0);
                    for (int i = 1; i < n; i++) assertClose(s.step(ids[i]), prefilled[i], seed, i);
                }
            }
        }
    }

    @Test
    void longPromptBlocksAgreeWithShortPromptBlocks() throws Exception {
        long seed = System.nanoTime();
        int n = LlamaSession.LONG_PROMPT + 40, split = LlamaSession.LONG_PROMPT - 1;
        assertThat(LlamaSession.blockRows(n)).isGreaterThan(LlamaSession.blockRows(split));
        int[] ids = randomIds(seed, n, 64);
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("long"), seed, Map.of("max_position_embeddings", 4096)))) {
            float[][] once = new float[n][], twice = new float[n][];
            try (DecoderSession s = lm.newSession(DecodeOptions.exact(n).withThreads(2))) { s.prefill(ids, (p, l) -> once[p] = l.clone()); }
            try (DecoderSession s = lm.newSession(DecodeOptions.exact(n))) {
                s.prefill(java.util.Arrays.copyOf(ids, split), (p, l) -> twice[p] = l.clone());
                s.prefill(java.util.Arrays.copyOfRange(ids, split, n), (p, l) -> twice[p] = l.clone());
            }
            for (int pos : new int[] {0, 63, 64, 255, 256, split - 1, split, n - 1}) assertClose(once[pos], twice[pos], seed, pos);
        }
    }

    static void assertClose(float[] a, float[] b, long seed, int pos) {
        for (int j = 0; j < a.length; j++)
            assertThat((double) a[j]).as("logit %d at position %d (seed %d)", j, pos, seed).isCloseTo(b[j], org.assertj.core.data.Offset.offset(2e-5));
    }

    @Test
    void probeSeesEveryLayerAndHeadWithTheCacheLength() throws Exception {
        long seed = System.nanoTime();
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("p"), seed, Map.of()))) {
            List<int[]> calls = new ArrayList<>();
            double[] maxSeen = {Double.NEGATIVE_INFINITY};
            DecodeOptions options = DecodeOptions.exact(64).withProbe((layer, head, position, logits, n) -> {
                calls.add(new int[] {layer, head, position, n});
                for (int j = 0; j < n; j++) { assertThat(Float.isFinite(logits[j])).isTrue(); maxSeen[0] = Math.max(maxSeen[0], Math.abs(logits[j])); }
            });
            try (DecoderSession s = lm.newSession(options)) {
                s.prefill(randomIds(seed, 5, 64), null);
                assertThat(calls).as("prefill is not probed").isEmpty();
                s.step(3);
                s.step(4);
            }
            assertThat(calls).hasSize(2 * 2 * 4);
            for (int i = 0; i < calls.size(); i++) {
                int[] c = calls.get(i);
                int step = i / 8;
                assertThat(c[0]).isEqualTo(i / 4 % 2);
                assertThat(c[1]).isEqualTo(i % 4);
                assertThat(c[2]).isEqualTo(5 + step);
                assertThat(c[3]).isEqualTo(6 + step);
            }
            assertThat(maxSeen[0]).isPositive();
        }
    }

    @Test
    void badRequestsAreRefusedAndLeaveTheSessionUnchanged() throws Exception {
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("b"), 1, Map.of("model_type", "mistral", "sliding_window", 6)))) {
            assertThat(lm.info().family()).isEqualTo("mistral");
            assertThatThrownBy(() -> lm.newSession(new DecodeOptions(AttentionMode.EXACT, 1, 16, 4, DecodeOptions.KvType.BF16, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kvType BF16");
            assertThatThrownBy(() -> lm.newSession(DecodeOptions.exact(16).withAttention(
                    new AttentionMode(BudgetPolicy.parse("mass:0.1"), AttentionMode.Selector.PAGES))))
                    .hasMessageContaining("count budget");
            try (DecoderSession s = lm.newSession(DecodeOptions.exact(8))) {
                assertThatThrownBy(() -> s.prefill(new int[] {1, 64}, null)).hasMessageContaining("token id 64");
                assertThatThrownBy(() -> s.prefill(new int[0], null)).isInstanceOf(IllegalArgumentException.class);
                assertThat(s.length()).isZero();
                s.prefill(new int[] {1, 2, 3, 4, 5, 6}, null);
                assertThatThrownBy(() -> s.step(7)).hasMessageContaining("sliding_window of 6");
                assertThat(s.length()).isEqualTo(6);
            }
            try (DecoderSession s = lm.newSession(DecodeOptions.exact(3))) {
                assertThatThrownBy(() -> s.prefill(new int[] {1, 2, 3, 4}, null)).hasMessageContaining("maxContext = 3");
                assertThat(s.length()).isZero();
            }
        }
    }

    @Test
    void configAndShapeErrorsNameTheKeyOrTensor() throws Exception {
        assertThatThrownBy(() -> LlamaLoader.openHf(RandomLlama.write(tmp.resolve("g"), 1, Map.of("model_type", "gpt2"))))
                .hasMessageContaining("model_type 'gpt2'");
        assertThatThrownBy(() -> LlamaLoader.openHf(RandomLlama.write(tmp.resolve("h"), 1, Map.of("num_key_value_heads", 3))))
                .hasMessageContaining("num_key_value_heads");
        Path wrong = RandomLlama.write(tmp.resolve("w"), 1, Map.of());
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(wrong.resolve("config.json").toFile(),
                Map.of("model_type", "llama", "hidden_size", 32, "num_hidden_layers", 2, "num_attention_heads", 4, "num_key_value_heads", 2,
                        "intermediate_size", 40, "vocab_size", 64));
        assertThatThrownBy(() -> LlamaLoader.openHf(wrong)).hasMessageContaining("model.layers.0.mlp.gate_proj.weight")
                .hasMessageContaining("[40, 32]");
        Path three = RandomLlama.write(tmp.resolve("t"), 1, Map.of("num_hidden_layers", 3));
        Path twoLayers = RandomLlama.write(tmp.resolve("t2"), 1, Map.of());
        java.nio.file.Files.copy(twoLayers.resolve("model.safetensors"), three.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> LlamaLoader.openHf(three)).hasMessageContaining("'model.layers.2.input_layernorm.weight' is missing");
        try (CausalLm lm = LlamaLoader.openHf(RandomLlama.write(tmp.resolve("n"), 1, Map.of()))) {
            assertThatThrownBy(lm::tokenizer).isInstanceOf(IllegalStateException.class).hasMessageContaining("tokenizer.json");
        }
    }
}
