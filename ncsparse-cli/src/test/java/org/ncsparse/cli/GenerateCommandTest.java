package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ncsparse generate} on a small random Llama model written by the NumPy reference generator
 * (skipped when /usr/bin/python3 with numpy is missing): greedy ids equal the reference's, the JSON
 * carries speeds and selector statistics, sampling is reproducible, bad options fail with one line.
 */
class GenerateCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path tmp;
    static Path model;
    static JsonNode expected;

    @BeforeAll
    static void writeModel() throws Exception {
        Path script = Path.of("../ncsparse-model/src/test/python/llama_reference.py").toAbsolutePath().normalize();
        boolean numpy;
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import numpy").start();
            numpy = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) { numpy = false; }
        Assumptions.assumeTrue(numpy, "/usr/bin/python3 with numpy is not available");
        model = tmp.resolve("gqa");
        long seed = System.nanoTime() % 100_000;
        System.out.println("[generate-test] seed " + seed);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--out", model.toString(), "--config", "gqa",
                "--format", "hf-f32", "--seed", Long.toString(seed)).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0).as(log).isTrue();
        expected = JSON.readTree(model.resolve("expected.json").toFile());
        Files.writeString(model.resolve("tokenizer.json"), byteLevelTokenizer());
    }

    /** A byte-level BPE tokenizer.json with the 256 byte symbols as the whole vocabulary (the model's 256 ids). */
    static String byteLevelTokenizer() throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel"); pre.put("add_prefix_space", false); pre.put("trim_offsets", false); pre.put("use_regex", true);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel"); dec.put("add_prefix_space", false); dec.put("trim_offsets", false); dec.put("use_regex", true);
        ObjectNode m = root.putObject("model");
        m.put("type", "BPE"); m.putNull("dropout"); m.putNull("unk_token"); m.put("fuse_unk", false); m.put("byte_fallback", false);
        ObjectNode vocab = m.putObject("vocab");
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            vocab.put(String.valueOf((char) (printable ? b : 256 + extra++)), b);
        }
        m.putArray("merges");
        return JSON.writeValueAsString(root);
    }

    static String ids(JsonNode a) {
        List<String> s = new ArrayList<>();
        a.forEach(x -> s.add(x.asText()));
        return String.join(",", s);
    }

    @Test
    void greedyIdsEqualTheReference() throws Exception {
        CliRun r = CliRun.of("generate", "--model", model.toString(), "--ids", ids(expected.get("prompt")), "--max-new",
                Integer.toString(expected.get("greedy").size()), "--ignore-eos", "--threads", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(ids(j.get("generated"))).isEqualTo(ids(expected.get("greedy")));
        assertThat(j.get("prefill_tokens").asInt()).isEqualTo(expected.get("prompt").size());
        assertThat(j.get("prefill_tokens_per_s").asDouble()).isPositive();
        assertThat(j.get("decode_tokens_per_s").asDouble()).isPositive();
        assertThat(j.get("attention_share").asDouble()).isBetween(0.0, 1.0);
        assertThat(j.get("attention").asText()).isEqualTo("exact");
        assertThat(j.get("text").isTextual()).isTrue();
    }

    @Test
    void pageSelectorReportsCertifiedRows() throws Exception {
        int maxNew = 6;
        CliRun r = CliRun.of("generate", "--model", model.toString(), "--prompt", "The Program", "--max-new", Integer.toString(maxNew),
                "--ignore-eos", "--attention", "power:1,0.5", "--selector", "pages", "--page-size", "4", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("prompt").size()).as("one byte per token, no BOS: the tokenizer's template adds none")
                .isEqualTo("The Program".length());
        assertThat(j.get("generated").size()).isEqualTo(maxNew);
        assertThat(j.get("selected_rows").asLong()).isEqualTo((long) (maxNew - 1) * 2 * 4); // steps x layers x heads
        assertThat(j.get("certified_rows").asLong()).isBetween(0L, j.get("selected_rows").asLong());
        assertThat(j.get("selector").asText()).isEqualTo("pages");
    }

    @Test
    void halfKvCacheRunsEveryModeAndUnknownTypesAreRefused() throws Exception {
        for (String kv : new String[] {"F16", "BF16"}) {
            CliRun r = CliRun.of("generate", "--model", model.toString(), "--prompt", "The Program", "--max-new", "5", "--ignore-eos",
                    "--attention", "power:1,0.5", "--selector", "pages", "--page-size", "4", "--kv", kv, "--json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains(kv + " KV cache");
            JsonNode j = JSON.readTree(r.out());
            assertThat(j.get("kv").asText()).isEqualTo(kv);
            assertThat(j.get("generated").size()).isEqualTo(5);
        }
        CliRun bad = CliRun.of("generate", "--model", model.toString(), "--ids", "1", "--kv", "F8");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--kv").contains("F8");
    }

    @Test
    void samplingIsReproducibleWithASeedAndPlainOutputIsText() throws Exception {
        String[] args = {"generate", "--model", model.toString(), "--prompt", "license", "--max-new", "8", "--ignore-eos",
                "--temperature", "1.5", "--top-p", "0.9", "--seed", "7", "--attention", "sinkwindow:2,4+power:1,0.5"};
        CliRun a = CliRun.of(args), b = CliRun.of(args);
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(a.err()).contains("prefill").contains("decode");
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        CliRun j = CliRun.of(withJson);
        assertThat(j.exitCode()).as(j.err()).isZero();
        assertThat(a.out()).as("the streamed text is the decoded continuation").isEqualTo(JSON.readTree(j.out()).get("text").asText() + System.lineSeparator());
    }

    @Test
    void badOptionsFailWithOneLine() {
        CliRun both = CliRun.of("generate", "--model", model.toString(), "--prompt", "x", "--ids", "1");
        assertThat(both.exitCode()).isEqualTo(2);
        CliRun pages = CliRun.of("generate", "--model", model.toString(), "--ids", "1", "--attention", "sinkwindow:4,8", "--selector", "pages");
        assertThat(pages.exitCode()).isEqualTo(2);
        assertThat(pages.err()).contains("count budget");
        CliRun policy = CliRun.of("generate", "--model", model.toString(), "--ids", "1", "--attention", "power:0,0.5");
        assertThat(policy.exitCode()).isEqualTo(2);
        assertThat(policy.err()).contains("--attention");
        CliRun id = CliRun.of("generate", "--model", model.toString(), "--ids", "1,999");
        assertThat(id.exitCode()).isEqualTo(2);
        assertThat(id.err()).contains("999");
        CliRun missing = CliRun.of("generate", "--model", tmp.resolve("nothing").toString(), "--ids", "1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
    }
}
