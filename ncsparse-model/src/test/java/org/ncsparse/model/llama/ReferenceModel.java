package org.ncsparse.model.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small random model written by {@code src/test/python/llama_reference.py} (the independent NumPy
 * reference) and the reference's outputs: exact and top-k logits at every position of prompt +
 * greedy continuation, and the greedy tokens.
 */
record ReferenceModel(Path dir, long seed, int[] prompt, int[] greedy, String budget, float[][] logits, float[][] topkLogits) {
    static final Path SCRIPT = Path.of("src/test/python/llama_reference.py").toAbsolutePath();
    static final String PYTHON = "/usr/bin/python3";

    /** Skips the calling test (JUnit assumption) when Debian's python3 with numpy is missing. */
    static void assumeNumpy() {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) { ok = false; }
        Assumptions.assumeTrue(ok, PYTHON + " with numpy is not available; reference comparison skipped");
    }

    /** Runs the generator: config name (gqa, tied, qwen2, llama3, mistral), format (hf-f32, hf-bf16, gguf-f32, gguf-q8_0). */
    static ReferenceModel generate(Path out, String config, String format, long seed, String budget) throws IOException, InterruptedException {
        assumeNumpy();
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "--out", out.toString(), "--config", config,
                "--format", format, "--seed", Long.toString(seed), "--budget", budget));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("reference generator failed: " + cmd + "\n" + log);
        JsonNode e = new ObjectMapper().readTree(Files.readAllBytes(out.resolve("expected.json")));
        return new ReferenceModel(out, e.get("seed").asLong(), ints(e.get("prompt")), ints(e.get("greedy")), e.get("budget").asText(),
                matrix(e.get("logits")), matrix(e.get("topk_logits")));
    }

    /** Prompt followed by the greedy tokens: the sequence whose logits the reference computed. */
    int[] sequence() {
        int[] s = java.util.Arrays.copyOf(prompt, prompt.length + greedy.length);
        System.arraycopy(greedy, 0, s, prompt.length, greedy.length);
        return s;
    }

    private static int[] ints(JsonNode a) {
        int[] r = new int[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
        return r;
    }

    private static float[][] matrix(JsonNode a) {
        float[][] r = new float[a.size()][];
        for (int i = 0; i < r.length; i++) {
            JsonNode row = a.get(i);
            r[i] = new float[row.size()];
            for (int j = 0; j < r[i].length; j++) r[i][j] = (float) row.get(j).asDouble();
        }
        return r;
    }
}
