package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * perplexity, needle, profile-decode and bench --llm end to end on a tiny random Llama checkpoint
 * written by the bench's generator (skipped when Debian's python3 with numpy is missing).
 */
class LlmCommandsTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path GENERATOR = Path.of("../ncsparse-bench/src/main/python/random_llama.py").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path tmp;
    static Path model;

    static long seed;

    @BeforeAll static void writeModel() throws Exception {
        model = tmp.resolve("random-tiny");
        seed = System.nanoTime() % 100000;
        System.out.println("random model seed " + seed);
        generate(model, "f32", "--byte-tokenizer");
    }

    /** Runs the bench's generator at the tiny shape with this class's seed (skips when numpy is missing). */
    static void generate(Path out, String dtype, String... extra) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON, GENERATOR.toString(), "--out", out.toString(), "--layers", "2",
                "--hidden", "64", "--heads", "4", "--kv-heads", "2", "--head-dim", "16", "--ffn", "128", "--vocab", "300",
                "--dtype", dtype, "--seed", Long.toString(seed)));
        cmd.addAll(List.of(extra));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort(PYTHON + " is missing: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Assumptions.assumeFalse(log.contains("No module named 'numpy'"), "numpy is missing; LLM command tests skipped");
        assertThat(done && p.exitValue() == 0).as(log).isTrue();
    }

    /**
     * The generator's GGUF Q8_0 output is the F32 model of the same seed, quantised, with Q/K rows
     * permuted for llama.cpp's interleaved RoPE: its logits follow the F32 model's. Q8_0 rounds each
     * weight by at most half a step (block max / 254), ~0.3% of a weight's scale, so the logit vectors
     * stay nearly parallel (cosine > 0.995; measured 0.9988–0.99995); a wrong permutation or tensor name
     * breaks it (an unpermuted Wq gave cosine 0.63).
     */
    @Test void generatorGgufQ8IsTheQuantisedF32Model() throws Exception {
        Path gguf = tmp.resolve("random-tiny-q8");
        generate(gguf, "q8_0");
        int[] prompt = {1, 40, 41, 42, 200, 7, 99, 150};
        try (CausalLm f32 = ModelRegistry.openCausalLm(model); CausalLm q8 = ModelRegistry.openCausalLm(gguf.resolve("model.gguf"));
             DecoderSession a = f32.newSession(DecodeOptions.exact(16)); DecoderSession b = q8.newSession(DecodeOptions.exact(16))) {
            assertThat(q8.info().weightType()).isEqualTo("Q8_0");
            float[] la = a.prefill(prompt, null), lb = b.prefill(prompt, null);
            for (int step = 0; step < 4; step++) {
                double dot = 0, na = 0, nb = 0;
                for (int i = 0; i < la.length; i++) { dot += (double) la[i] * lb[i]; na += (double) la[i] * la[i]; nb += (double) lb[i] * lb[i]; }
                assertThat(dot / Math.sqrt(na * nb)).as("cosine of the logits at step %d (seed %d)", step, seed).isGreaterThan(0.995);
                la = a.step(100 + step);
                lb = b.step(100 + step);
            }
        }
    }

    @Test void perplexityMatchesTokenByTokenSumsAndKeepEverythingMatchesExact() throws Exception {
        Path out = tmp.resolve("ppl");
        CliRun run = CliRun.of("perplexity", "--model", model.toString(), "--text", "/usr/share/common-licenses/Apache-2.0", "--context", "40",
                "--windows", "2", "--attention", "exact", "--attention", "fixed:100000", "--attention", "power:1,0.5@pages",
                "--decode-from", "20", "--threads", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("perplexity: window 2/2");
        JsonNode r = JSON.readTree(out.resolve("report.json").toFile());
        assertThat(r.get("randomWeights").asBoolean()).isTrue();
        assertThat(r.get("kvCache").get("type").asText()).isEqualTo("F32"); // the default cache, named in the report
        assertThat(r.get("kvCache").get("pageSize").asInt()).isEqualTo(64);
        JsonNode p = r.get("policies");
        assertThat(p).hasSize(4);
        assertThat(p.get(1).get("klMax").asDouble()).as("exact twice").isZero();
        assertThat(p.get(2).get("klMax").asDouble()).as("a budget keeping every key").isLessThan(1e-6);
        assertThat(p.get(2).get("top1Agreement").asDouble()).isEqualTo(1.0);
        assertThat(p.get(3).get("certifiedFraction").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.readString(out.resolve("index.html"))).contains("random (untrained) weights");

        // exp(mean NLL) of exact attention, recomputed here through decode steps from the same windows
        double nll = 0;
        int count = 0;
        try (CausalLm lm = ModelRegistry.openCausalLm(model)) {
            int[] tokens = lm.tokenizer().encode(Files.readString(Path.of("/usr/share/common-licenses/Apache-2.0")));
            int bos = lm.tokenizer().bos();
            for (int w = 0; w < 2; w++) {
                // a window by hand: BOS (when the model has one) then text tokens, 40 in all
                int head = bos >= 0 ? 1 : 0;
                int[] ids = new int[40];
                if (head == 1) ids[0] = bos;
                System.arraycopy(tokens, w * (40 - head), ids, head, 40 - head);
                try (DecoderSession s = lm.newSession(DecodeOptions.exact(40))) {
                    float[] logits = s.prefill(new int[] {ids[0]}, null);
                    for (int t = 1; t < 40; t++) {
                        double max = Double.NEGATIVE_INFINITY, z = 0;
                        for (float v : logits) max = Math.max(max, v);
                        for (float v : logits) z += Math.exp(v - max);
                        nll -= logits[ids[t]] - max - Math.log(z);
                        count++;
                        logits = s.step(ids[t]);
                    }
                }
            }
        }
        double expected = Math.exp(nll / count);
        assertThat(p.get(0).get("tokens").asInt()).isEqualTo(count);
        assertThat(p.get(0).get("perplexity").asDouble()).isCloseTo(expected, within(1e-4 * expected));
    }

    @Test void needleCellsCountTheAnswers() throws Exception {
        Path out = tmp.resolve("needle");
        CliRun run = CliRun.of("needle", "--model", model.toString(), "--context", "250,270", "--depths", "0,1", "--trials", "2",
                "--attention", "fixed:8", "--kv", "BF16", "--threads", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(out.resolve("report.json").toFile()).get("kvCache").get("type").asText()).isEqualTo("BF16");
        assertThat(Files.readString(out.resolve("index.html"))).contains("BF16 in pages of 64 tokens");
        List<String> cells = Files.readAllLines(out.resolve("needle.csv"));
        List<String> answers = Files.readAllLines(out.resolve("answers.csv"));
        assertThat(cells).hasSize(1 + 2 * 2 * 2);
        assertThat(answers).hasSize(1 + 2 * 2 * 2 * 2);
        for (String cell : cells.subList(1, cells.size())) {
            String[] f = cell.split(",");
            long counted = answers.stream().skip(1).filter(a -> a.startsWith(f[0] + "," + f[1] + "," + f[2] + ",") && a.endsWith(",true")).count();
            assertThat(Integer.parseInt(f[4])).as(cell).isEqualTo((int) counted);
        }
        assertThat(Files.exists(out.resolve("needle_exact.png"))).isTrue();
        assertThat(Files.exists(out.resolve("needle_fixed_8.png"))).isTrue();
    }

    @Test void profileDecodeFitsEveryHead() throws Exception {
        Path out = tmp.resolve("profile");
        CliRun run = CliRun.of("profile-decode", "--model", model.toString(), "--lengths", "32,64", "--rows", "4", "--prompt-tokens", "8",
                "--budgets", "power:1,0.5 fixed:4", "--tau", "0.1", "--threads", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("fits.csv"))).hasSize(1 + 2 * 4);
        assertThat(Files.readAllLines(out.resolve("points.csv"))).hasSize(1 + 2 * 4 * 2);
        JsonNode d = JSON.readTree(out.resolve("decode.json").toFile());
        assertThat(d.get("generatedTokens").asInt() + d.get("promptTokens").asInt()).isEqualTo(64);
        assertThat(d.get("promptTokens").asInt()).isBetween(8, 9); // BOS when the tokenizer has one
    }

    @Test void benchLlmReportsEveryModeWithRatiosToExact() throws Exception {
        Path out = tmp.resolve("bench");
        CliRun run = CliRun.of("bench", "--llm", model.toString(), "--contexts", "64", "--steps", "3", "--warmup", "1", "--threads", "1",
                "--sparse-prefill", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = JSON.readTree(out.resolve("llm-speed.json").toFile()).get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("mode").asText()).isEqualTo("exact");
        assertThat(rows.get(0).get("decodeSpeedup").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(2).get("mode").asText()).isEqualTo("power:1,0.5 (pages)");
        assertThat(rows.get(2).get("certifiedFraction").asDouble()).isBetween(0.0, 1.0);
        for (int i = 1; i < 3; i++) {
            double mean = rows.get(i).get("massRecall").asDouble(), min = rows.get(i).get("massRecallMin").asDouble();
            assertThat(min).as(rows.get(i).get("mode").asText()).isBetween(0.0, 1.0);
            assertThat(mean).isBetween(min, 1.0);
            assertThat(rows.get(i).get("indexRecall").asDouble()).isBetween(rows.get(i).get("indexRecallMin").asDouble(), 1.0);
        }
        assertThat(rows.get(1).get("massRecallMin").asDouble()).as("exact top-k selector").isGreaterThan(0.999);
        for (int i = 0; i < 3; i++) assertThat(rows.get(i).get("prefillTokensPerSecond").asDouble()).as("prefill of row %d", i).isPositive();
        assertThat(run.err()).contains("prefill 64/64 tokens (100%)");
        assertThat(run.out()).contains("| 64 | exact |").contains("random weights");
    }

    @Test void benchLlmComparesKvTypesWithHalfTheMemory() throws Exception {
        Path out = tmp.resolve("bench-kv");
        CliRun run = CliRun.of("bench", "--llm", model.toString(), "--contexts", "64", "--kv", "F32,BF16", "--modes", "power:1,0.5@pages",
                "--steps", "2", "--warmup", "1", "--threads", "1", "--page-size", "16", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = JSON.readTree(out.resolve("llm-kv-speed.json").toFile()).get("rows");
        assertThat(rows).hasSize(4); // (F32, BF16) x (exact, pages)
        assertThat(rows.get(0).get("kv").asText()).isEqualTo("F32");
        assertThat(rows.get(0).get("attentionSpeedup").asDouble()).isEqualTo(1.0);
        assertThat(rows.get(2).get("kv").asText()).isEqualTo("BF16");
        assertThat(rows.get(3).get("mode").asText()).isEqualTo("power:1,0.5 (pages)");
        // 64 + 3 tokens = 5 pages of 16 tokens x 2 x head_dim elements, plus one group of 64 block
        // summaries (2 x head_dim floats each), whatever the element type
        int hd = 16, pages = 5;
        double summaries = 64 * 2.0 * hd * 4;
        double expected = (pages * 16.0 * 2 * hd * 2 + summaries) / (pages * 16.0 * 2 * hd * 4 + summaries);
        assertThat(rows.get(2).get("cacheMiB").asDouble() / rows.get(0).get("cacheMiB").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(run.out()).contains("| 64 | BF16 | exact |");
    }
}
