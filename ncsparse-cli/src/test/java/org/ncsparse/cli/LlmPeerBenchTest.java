package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench --llm FOLDER --peer jlama: the option's checks, and the report files end to end on a tiny random folder. */
class LlmPeerBenchTest {
    @TempDir Path tmp;

    @Test void unknownPeerOrSeveralKvTypesAreUsageErrors() {
        CliRun run = CliRun.of("bench", "--llm", tmp.toString(), "--peer", "llama.cpp", "--out", tmp.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--peer must be one of [jlama]").contains("llama.cpp");
        CliRun twoKv = CliRun.of("bench", "--llm", tmp.toString(), "--peer", "jlama", "--kv", "F32,BF16", "--out", tmp.resolve("out").toString());
        assertThat(twoKv.exitCode()).isEqualTo(2);
        assertThat(twoKv.err()).contains("--peer takes one --kv type");
    }

    @Test void writesThePeerReportWithAJlamaRowOrTheReasonItDidNotRun() throws Exception {
        Path model = tmp.resolve("tiny-random");
        long seed = System.nanoTime() % 100000;
        System.out.println("random model seed " + seed);
        Process p;
        try {
            p = new ProcessBuilder(LlmCommandsTest.PYTHON, LlmCommandsTest.GENERATOR.toString(), "--out", model.toString(), "--layers", "1",
                    "--hidden", "64", "--heads", "4", "--kv-heads", "2", "--head-dim", "16", "--ffn", "128", "--vocab", "300", "--dtype", "bf16",
                    "--max-context", "256", "--byte-tokenizer", "--seed", Long.toString(seed)).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort(LlmCommandsTest.PYTHON + " is missing: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && !log.contains("No module named 'numpy'"), "numpy is missing: " + log);
        assertThat(p.exitValue()).as(log).isZero();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("bench", "--llm", model.toString(), "--peer", "jlama", "--contexts", "32", "--modes", "power:1,0.5@pages",
                "--steps", "2", "--warmup", "1", "--threads", "1", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("llm-peers.json").toFile());
        Assumptions.assumeTrue(report.get("jlamaUnavailable").isNull(), () -> "Jlama did not run: " + report.get("jlamaUnavailable").asText());
        JsonNode rows = report.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("system").asText()).isEqualTo("NcSparse exact");
        assertThat(rows.get(1).get("system").asText()).isEqualTo("NcSparse power:1,0.5 (pages)");
        assertThat(rows.get(2).get("system").asText()).startsWith("Jlama ");
        assertThat(rows.get(2).get("greedy")).hasSize(1 + 1 + 2);
        assertThat(report.get("jlamaMatmulInput").asText()).isEqualTo("BF16");
        assertThat(run.out()).contains("| 32 | Jlama ").contains("llm-peers.md");
    }
}
