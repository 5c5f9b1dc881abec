package org.ncsparse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** embed and profile --qk run in-process; bad input gives a clear error and a non-zero exit code. */
class ModelCommandsTest {
    @Test
    void embedPrintsJsonAndCosine() throws Exception {
        CliRun r = CliRun.of("embed", "--attention", "fixed:4", "--threads", "2", "The licensee may copy and distribute verbatim copies of the Program.");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("embedding")).hasSize(384);
        assertThat(j.get("tokens").asInt()).isGreaterThan(10);
        assertThat(j.get("cosineToExact").asDouble()).isBetween(0.5, 1.0);
    }

    @Test
    void embedWithPerHeadFits(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("layer,head,tau,alpha,C,r2\n");
        for (int l = 0; l < 6; l++) for (int h = 0; h < 12; h++) csv.append(l).append(',').append(h).append(",0.1,1,0.5,1\n");
        Path fits = Files.writeString(dir.resolve("fits.csv"), csv.toString());
        CliRun r = CliRun.of("embed", "--fits", fits.toString(), "--lambda", "2", "--threads", "2",
                "The licensee may copy and distribute verbatim copies of the Program's source code as you receive it.");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        int n = j.get("tokens").asInt();
        assertThat(j.get("meanKeptKeys").asDouble()).isEqualTo(Math.min(n, Math.ceil(2 * Math.sqrt(n))));
        assertThat(j.get("attention").asText()).isEqualTo("per-head fits");
        Files.writeString(fits, "layer,head,tau,alpha,C,r2\n0,0,0.1,1,0.5,1\n");
        CliRun missing = CliRun.of("embed", "--fits", fits.toString(), "x");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no fit for layer 0 head 1");
    }

    @Test
    void embedRejectsABadPolicyAndModel() {
        assertThat(CliRun.of("embed", "--attention", "power:0,0.5", "x").exitCode()).isNotZero();
        CliRun bad = CliRun.of("embed", "--model", "gpt9", "x");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("unknown model 'gpt9'");
    }

    @Test
    void profileOfADump(@TempDir Path dir) throws Exception {
        int heads = 2, n = 128, d = 8;
        Random rnd = new Random(3);
        float[] q = new float[heads * n * d], k = new float[heads * n * d];
        for (int i = 0; i < q.length; i++) { q[i] = (float) rnd.nextGaussian(); k[i] = (float) rnd.nextGaussian(); }
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(q, new long[] {heads, n, d}, DType.F16));
        m.put("layer.0.k", new DumpWriter.Entry(k, new long[] {heads, n, d}, DType.F16));
        Path f = dir.resolve("qk.safetensors");
        DumpWriter.safetensors(f, m);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("profile", "--qk", f.toString(), "--causal", "--rows", "16", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("qk.safetensors").contains("wrote");
        assertThat(out.resolve("index.html")).isRegularFile();
        assertThat(Files.readAllLines(out.resolve("points.csv"))).hasSize(1 + heads * 2);   // n = 64, 128
    }

    @Test
    void profileOfAMissingDumpFails(@TempDir Path dir) {
        CliRun r = CliRun.of("profile", "--qk", dir.resolve("nope.safetensors").toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("does not exist");
    }
}
