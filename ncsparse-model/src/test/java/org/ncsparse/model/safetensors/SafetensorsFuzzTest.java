package org.ncsparse.model.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.hf.HfConfig;
import org.ncsparse.model.tensor.MappedMatrix;
import org.ncsparse.model.tensor.MappedTensor;
import org.ncsparse.model.testutil.FuzzHarness;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutation fuzz of the safetensors reader and of config.json parsing (see {@link FuzzHarness}).
 * Long run: {@code mvn -B -ntp -o -pl ncsparse-model -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -Dncsparse.fuzz.inputs=100000}.
 */
class SafetensorsFuzzTest {
    static byte[] validFile() throws IOException {
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("model.layers.0.self_attn.q_proj.weight", new DumpWriter.Entry(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DType.BF16));
        m.put("model.norm.weight", new DumpWriter.Entry(new float[] {1, 2, 3}, new long[] {3}, DType.F32));
        m.put("lm_head.weight", new DumpWriter.Entry(new float[] {1, 2, 3, 4}, new long[] {2, 2}, DType.F16));
        Path f = Files.createTempFile("fuzz", ".safetensors");
        try {
            DumpWriter.safetensors(f, m);
            return Files.readAllBytes(f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    static void readAll(byte[] input) throws IOException {
        for (MappedTensor t : SafetensorsStore.tensors("fuzz.safetensors", MemorySegment.ofArray(input))) {
            long[] s = t.shape();
            if (t.elementCount() > 1 << 16) continue;
            if (s.length == 2 && t.elementCount() > 0) {
                MappedMatrix w = new MappedMatrix(t.name(), t.type(), (int) s[0], (int) s[1], t.data());
                float[] x = new float[w.cols()], y = new float[w.rows()];
                w.matVec(x, 0, y, 0, 0, w.rows());
            }
        }
    }

    @Test
    void mutatedFilesFailCleanlyWithBoundedMemory() throws IOException {
        FuzzHarness.Summary s = FuzzHarness.run("safetensors", new byte[][] {validFile()}, SafetensorsFuzzTest::readAll);
        assertThat(s.refused()).isPositive();
    }

    @Test
    void mutatedConfigsFailCleanly() {
        byte[] config = """
                {"model_type": "llama", "hidden_size": 64, "rms_norm_eps": 1e-5, "rope_scaling": {"factor": 8.0}, "eos_token_id": [1, 2]}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FuzzHarness.Summary s = FuzzHarness.run("config.json", new byte[][] {config}, in -> {
            HfConfig c = HfConfig.parse("config.json", in);
            c.modelType();
            c.integer("hidden_size");
            c.number("rms_norm_eps");
            c.integers("eos_token_id");
            c.section("rope_scaling").ifPresent(r -> r.number("factor"));
        });
        assertThat(s.refused()).isPositive();
    }
}
