package org.ncsparse.model.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.bert.TokenizerFuzzTarget;
import org.ncsparse.model.gguf.GgufFuzzTarget;
import org.ncsparse.model.onnx.OnnxFuzzTarget;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file reader under the seeded mutator: no crash, hang or unbounded allocation. The normal
 * suite runs a short pass with a fresh seed; the long run (documented in docs/ROBUSTNESS.md) is
 * {@code -Dncsparse.fuzz.inputs=100000}, and {@code -Dncsparse.fuzz.seed=S} replays a run.
 */
class ReaderFuzzTest {
    private static final int INPUTS = Integer.getInteger("ncsparse.fuzz.inputs", 3000);
    private static final double HANG_SECONDS = Double.parseDouble(System.getProperty("ncsparse.fuzz.hangSeconds", "10"));

    @TempDir Path dir;

    private static long seed(String target) {
        String forced = System.getProperty("ncsparse.fuzz.seed");
        return forced != null ? Long.parseLong(forced) : System.nanoTime() ^ target.hashCode();
    }

    private static void fuzz(FuzzTarget target) throws Exception {
        long seed = seed(target.name());
        System.out.println("fuzz " + target.name() + " seed=" + seed); // printed first: a JVM abort in native code leaves no report
        FuzzRunner.Report r = FuzzRunner.run(target, seed, INPUTS, HANG_SECONDS);
        System.out.println("fuzz " + r.summary());
        assertThat(r.failures()).as(r.summary()).isZero();
    }

    /** Dump inputs are files: written to memory-backed /dev/shm when there is one (10^5 writes), else to the test's folder. */
    private Path fileDir() throws java.io.IOException {
        Path shm = Path.of("/dev/shm");
        if (java.nio.file.Files.isDirectory(shm) && java.nio.file.Files.isWritable(shm)) {
            Path d = java.nio.file.Files.createTempDirectory(shm, "ncsparse-fuzz");
            d.toFile().deleteOnExit();
            return d;
        }
        return dir;
    }

    private static void clean(Path d) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(d)) {
            for (Path f : files.toList()) java.nio.file.Files.deleteIfExists(f);
        }
        java.nio.file.Files.deleteIfExists(d);
    }

    @Test void npy() throws Exception {
        Path d = fileDir();
        try { fuzz(new DumpFuzzTarget(true, d)); } finally { if (!d.equals(dir)) clean(d); }
    }

    @Test void safetensorsDump() throws Exception {
        Path d = fileDir();
        try { fuzz(new DumpFuzzTarget(false, d)); } finally { if (!d.equals(dir)) clean(d); }
    }

    @Test void safetensorsWeights() throws Exception {
        Path d = fileDir();
        try { fuzz(new SafetensorsStoreFuzzTarget(d)); } finally { if (!d.equals(dir)) clean(d); }
    }

    @Test void gguf() throws Exception {
        Path d = fileDir();
        try { fuzz(new GgufFuzzTarget(d)); } finally { if (!d.equals(dir)) clean(d); }
    }

    @Test void onnx() throws Exception { fuzz(new OnnxFuzzTarget()); }

    @Test void tokenizerJson() throws Exception { fuzz(new TokenizerFuzzTarget()); }

    @Test void hfTokenizerJson() throws Exception {
        Path d = fileDir();
        try { fuzz(new org.ncsparse.model.tokenizer.HfTokenizerFuzzTarget(d)); } finally { if (!d.equals(dir)) clean(d); }
    }

    @Test void configJson() throws Exception { fuzz(new org.ncsparse.model.hf.HfConfigFuzzTarget()); }
}
