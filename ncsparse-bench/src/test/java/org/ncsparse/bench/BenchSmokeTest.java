package org.ncsparse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the benchmark code from rotting: one tiny JMH run and one tiny peer run (seconds). */
class BenchSmokeTest {
    @Test
    void jmhSuiteRuns() throws Exception {
        // JMH's /tmp/jmh.lock guards against two timing runs at once; this run times nothing worth guarding,
        // and another build's JMH on the same machine must not fail it
        System.setProperty("jmh.ignoreLock", "true");
        assertThat(JmhLauncher.run(JmhLauncher.SMOKE)).hasSize(2);
    }

    @Test
    void peerRunnerWritesTableJsonAndPlot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Comparison> rows = PeerRunner.run("smoke", new int[] {1}, dir, null, new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(rows).anyMatch(c -> c.kernel().equals("dense") && c.n() == 256 && c.ncsparseMs() > 0);
        // ONNX Runtime's fused operators ran in this JVM on both maskings, outputs checked, times taken
        for (String peer : List.of("ort-mha", "ort-gqa", "ort-attention23"))
            assertThat(rows).as(peer).anyMatch(c -> c.peer().equals(peer) && c.peerMs() > 0 && c.note() == null);
        assertThat(rows).anyMatch(c -> c.kernel().startsWith("topk"));
        assertThat(rows).filteredOn(c -> c.kernel().startsWith("gemm")).hasSize(4).allMatch(c -> c.gflops() > 0 && c.peakFraction() > 0);
        assertThat(rows).anyMatch(c -> c.kernel().equals("encoder") && c.n() == 128 && c.ncsparseMs() > 0 && c.peerMs() > 0);
        if (PythonPeers.check() == null) assertThat(rows).anyMatch(c -> c.peer().equals("numpy") && c.peerMs() > 0);
        else assertThat(text).contains(PythonPeers.INSTALL);
        assertThat(Files.readString(dir.resolve("peers.md"))).contains("| heads | n | d | causal | threads |").contains("fastest peer").contains("| model GEMM");
        assertThat(Files.readString(dir.resolve("peers.svg"))).startsWith("<svg");
        for (String line : Files.readAllLines(dir.resolve("peers.json")))
            assertThat(line).startsWith("{\"kernel\":").contains("\"ratio\":").contains("\"peak_fraction\":");
    }

    @Test
    void peerScriptOutputParses() {
        PythonPeers.Result r = PythonPeers.parse("{\"info\": {\"numpy\": \"1.24\"}}\n{\"peer\": \"numpy\", \"n\": 8, \"d\": 4, \"causal\": true, \"ms\": 1.5, \"min_ms\": 1.25}\n");
        assertThat(r.info()).contains("numpy");
        assertThat(r.timings()).containsExactly(new PythonPeers.Timing("numpy", 8, 4, true, 1.5, 1.25));
    }
}
