package org.ncsparse.bench.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * The Jlama peer on a tiny random Llama folder written by the bench's generator (skipped when Debian's
 * python3 with numpy is missing, or when Jlama cannot load here, with its reason).
 */
class JlamaPeerTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path GENERATOR = Path.of("src/main/python/random_llama.py").toAbsolutePath();
    static final int THREADS = 1;

    @TempDir static Path tmp;
    static Path model;

    @BeforeAll static void writeModel() throws Exception {
        model = tmp.resolve("tiny-random");
        long seed = System.nanoTime() % 100000;
        System.out.println("random model seed " + seed);
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, GENERATOR.toString(), "--out", model.toString(), "--layers", "2", "--hidden", "64", "--heads", "4",
                    "--kv-heads", "2", "--head-dim", "16", "--ffn", "128", "--vocab", "300", "--dtype", "f32", "--max-context", "512",
                    "--byte-tokenizer", "--seed", Long.toString(seed)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort(PYTHON + " is missing: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Assumptions.assumeFalse(log.contains("No module named 'numpy'"), "numpy is missing; Jlama peer tests skipped");
        assertThat(done && p.exitValue() == 0).as(log).isTrue();
    }

    static JlamaPeer openOrSkip() {
        try {
            return JlamaPeer.open(model, THREADS);
        } catch (JlamaPeer.Unavailable e) {
            Assumptions.abort("Jlama cannot run here: " + e.getMessage());
            return null;
        }
    }

    /**
     * Jlama's logits after a prompt and after each greedy step agree with NcSparse exact's while both follow
     * the same tokens (NcSparse's greedy ones). Both are float32 engines: a logit is a sum of 64 products of
     * O(1) terms through 2 layers, so its rounding error is ~64 x 2^-24 x (a few growth factors of the norms),
     * about 1e-5; 1e-3 leaves room for Jlama's different summation order and exp, while a wrong rotary
     * layout, norm or GQA mapping moves logits by O(0.1).
     */
    @Test void logitsMatchNcSparseExactAlongItsGreedyPath() throws Exception {
        int[] prompt = LlmPeerSpeed.promptIds(300, 40, 7);
        try (JlamaPeer jlama = openOrSkip(); CausalLm lm = ModelRegistry.openCausalLm(model);
             DecoderSession s = lm.newSession(DecodeOptions.exact(64))) {
            float[] ref = s.prefill(prompt, null);
            int jlamaNext = jlama.prefill(prompt);
            for (int step = 0; step < 8; step++) {
                float[] got = jlama.lastLogits();
                double scale = 0;
                for (float v : ref) scale = Math.max(scale, Math.abs(v));
                assertThat(LlmPeerSpeed.maxAbsDiff(got, ref)).as("step %d, logit scale %.3g", step, scale).isLessThan(1e-3 * Math.max(1, scale));
                assertThat(jlamaNext).as("Jlama's greedy token is the argmax of its own logits").isEqualTo(LlmPeerSpeed.argmax(got));
                int next = LlmPeerSpeed.argmax(ref);
                ref = s.step(next);
                jlamaNext = jlama.step(next);
                assertThat(jlama.length()).isEqualTo(s.length());
            }
        }
    }

    @Test void runProducesOneRowPerSystemAndContext() throws Exception {
        try (JlamaPeer probe = openOrSkip()) { // max_position_embeddings 512, 2 KV heads
            assertThat(probe.roomFor(508)).isNull();
            assertThat(probe.roomFor(509)).contains("max_position_embeddings").contains("512");
            assertThatThrownBy(() -> probe.prefill(new int[509])).isInstanceOf(IllegalArgumentException.class);
        }
        LlmPeerSpeed.Config c = new LlmPeerSpeed.Config(new int[] {24, 48}, List.of(AttentionMode.EXACT), 1, 3, 5, THREADS, 16, DecodeOptions.KvType.F32);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LlmPeerSpeed.Result r = LlmPeerSpeed.run(model, c, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.jlamaUnavailable()).isNull();
        assertThat(r.rows()).extracting(LlmPeerSpeed.Row::context).containsExactly(24, 24, 48, 48);
        for (LlmPeerSpeed.Row row : r.rows()) {
            assertThat(row.greedy()).hasSize(1 + 1 + 3);
            for (int t : row.greedy()) assertThat(t).isBetween(0, 299);
            assertThat(row.decodeTokensPerSecond()).isPositive().isFinite();
            assertThat(row.prefillTokensPerSecond()).isPositive().isFinite();
            assertThat(row.decodeMinMs()).isLessThanOrEqualTo(row.decodeMs());
            assertThat(row.agreeWithExact()).isBetween(0, row.greedy().length);
        }
        LlmPeerSpeed.Row exact = r.rows().get(0), jlama = r.rows().get(1);
        assertThat(exact.system()).startsWith("NcSparse exact");
        assertThat(exact.agreeWithExact()).isEqualTo(exact.greedy().length);
        assertThat(jlama.system()).startsWith(LlmPeerSpeed.JLAMA);
        assertThat(jlama.maxLogitDiffAfterPrompt()).isLessThan(1e-2);
        assertThat(jlama.decodeVsJlama()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        String md = LlmPeerReport.markdown(r, c, new LlmSpeedReport.Machine("test cpu", 1, "0"), "0", true);
        System.out.println(md);
        assertThat(md).contains("| 48 | Jlama").contains("random weights");
        Path out = tmp.resolve("report");
        LlmPeerReport.write(out, md, r, new LlmSpeedReport.Machine("test cpu", 1, "0"));
        assertThat(Files.readString(out.resolve("llm-peers.json"))).contains("\"jlamaVersion\"").contains("\"greedy\"");
    }

    @Test void aContextBeyondJlamasRotaryTableLeavesTheNcSparseRowsAndSaysWhy() throws Exception {
        openOrSkip().close();
        // 506 prompt + 1 + 1 + 3 generated + 2 x 2 KV heads > max_position_embeddings 512
        LlmPeerSpeed.Config c = new LlmPeerSpeed.Config(new int[] {506}, List.of(AttentionMode.EXACT), 1, 3, 5, THREADS, 16, DecodeOptions.KvType.F32);
        LlmPeerSpeed.Result r = LlmPeerSpeed.run(model, c, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.jlamaUnavailable()).contains("max_position_embeddings").contains("512");
        assertThat(r.rows()).extracting(LlmPeerSpeed.Row::system).containsExactly("NcSparse exact");
        assertThat(r.rows().get(0).decodeVsJlama()).isNaN();
        assertThat(LlmPeerReport.markdown(r, c, new LlmSpeedReport.Machine("test cpu", 1, "0"), "0", true))
                .contains("Jlama did not run:").contains("| n/a |").doesNotContain("rounded to n/a");
    }

    @Test void foldersJlamaCannotReadAreRefusedWithTheReason() throws Exception {
        Path noTokenizer = tmp.resolve("no-tokenizer");
        Files.createDirectories(noTokenizer);
        Files.copy(model.resolve("config.json"), noTokenizer.resolve("config.json"));
        assertThatThrownBy(() -> JlamaPeer.checkFolder(noTokenizer)).isInstanceOf(JlamaPeer.Unavailable.class).hasMessageContaining("tokenizer.json");
        Files.copy(model.resolve("tokenizer.json"), noTokenizer.resolve("tokenizer.json"));
        assertThatThrownBy(() -> JlamaPeer.checkFolder(noTokenizer)).isInstanceOf(JlamaPeer.Unavailable.class).hasMessageContaining("model.safetensors");
        Path wideHeads = tmp.resolve("wide-heads");
        Files.createDirectories(wideHeads);
        for (String f : new String[] {"tokenizer.json", "model.safetensors"}) Files.copy(model.resolve(f), wideHeads.resolve(f));
        Files.writeString(wideHeads.resolve("config.json"), Files.readString(model.resolve("config.json")).replace("\"head_dim\": 16", "\"head_dim\": 32"));
        assertThatThrownBy(() -> JlamaPeer.checkFolder(wideHeads)).isInstanceOf(JlamaPeer.Unavailable.class).hasMessageContaining("head_dim 32");
        assertThat(JlamaPeer.checkFolder(model)).isNull();
        Path llama3Rope = tmp.resolve("llama3-rope");
        Files.createDirectories(llama3Rope);
        for (String f : new String[] {"tokenizer.json", "model.safetensors"}) Files.copy(model.resolve(f), llama3Rope.resolve(f));
        Files.writeString(llama3Rope.resolve("config.json"), Files.readString(model.resolve("config.json")).replace("\"rope_theta\"",
                "\"rope_scaling\": {\"rope_type\": \"llama3\", \"factor\": 32.0}, \"rope_theta\""));
        assertThat(JlamaPeer.checkFolder(llama3Rope)).contains("rope_scaling 'llama3'");
    }
}
