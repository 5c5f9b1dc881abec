package org.ncsparse.model.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;
import org.ncsparse.model.testutil.FuzzHarness;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutation fuzz of the GGUF reader (see {@link FuzzHarness}). Long run (10^5 inputs):
 * {@code mvn -B -ntp -o -pl ncsparse-model -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -Dncsparse.fuzz.inputs=100000}.
 */
class GgufFuzzTest {
    static byte[][] validFiles() {
        Random rnd = new Random(42);
        GgufWriter a = new GgufWriter().string("general.architecture", "llama").u32("llama.block_count", 2).f32("llama.rope.freq_base", 1e4f)
                .strings("tokenizer.ggml.tokens", "<s>", "a", "bc");
        for (TensorType t : TensorType.values()) {
            int cols = t.blockSize == 1 ? 5 : 32;
            a.tensor("w." + t, t, new long[] {2, cols}, RandomWeights.of(t, 2, cols, rnd).bytes());
        }
        GgufWriter b = new GgufWriter().alignment(64).raw("flags", GgufWriter.cat(GgufWriter.u32(9), GgufWriter.u32(7), GgufWriter.le(8).putLong(2).array(), new byte[] {0, 1}))
                .raw("u64", GgufWriter.cat(GgufWriter.u32(10), GgufWriter.le(8).putLong(7).array()))
                .tensor("v", TensorType.Q4_0, new long[] {1, 32}, RandomWeights.of(TensorType.Q4_0, 1, 32, rnd).bytes())
                .tensor("n", TensorType.F32, new long[] {3}, RandomWeights.of(TensorType.F32, 1, 3, rnd).bytes());
        return new byte[][] {a.bytes(), b.bytes()};
    }

    /** Opens the bytes, reads every metadata value through the accessors and every small tensor. */
    static void readAll(byte[] input) throws IOException {
        try (GgufStore g = GgufStore.of("fuzz.gguf", MemorySegment.ofArray(input), Arena.ofConfined())) {
            GgufMetadata md = g.metadata();
            for (String k : md.keys()) {
                GgufMetadata.Value v = md.value(k);
                switch (v.type()) {
                    case STRING -> md.string(k);
                    case BOOL -> md.bool(k);
                    case ARRAY -> {
                        md.arrayLength(k);
                        if (v.elementType() == GgufValueType.STRING) md.strings(k);
                        else if (v.elementType().isInteger()) md.longs(k);
                    }
                    default -> md.number(k);
                }
            }
            for (String name : g.names()) {
                long[] s = g.shape(name);
                long count = 1;
                for (long d : s) count *= d;
                if (count > 1 << 16) continue;
                float[] all = g.floats(name, 1 << 16);
                if (s.length == 2 && count > 0) {
                    WeightMatrix w = g.matrix(name);
                    float[] x = new float[w.cols()], y = new float[w.rows()];
                    java.util.Arrays.fill(x, 1f);
                    w.matVec(x, 0, y, 0, 0, w.rows());
                    assertThat(all).hasSize(w.rows() * w.cols());
                }
            }
        }
    }

    @Test
    void mutatedFilesFailCleanlyWithBoundedMemory() {
        FuzzHarness.Summary s = FuzzHarness.run("GGUF", validFiles(), GgufFuzzTest::readAll);
        assertThat(s.refused()).isPositive();
    }
}
