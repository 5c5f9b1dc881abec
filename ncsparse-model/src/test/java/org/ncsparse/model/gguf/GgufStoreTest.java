package org.ncsparse.model.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** GGUF files written by the Java test writer: every type, reversed dims, alignment, metadata accessors. */
class GgufStoreTest {
    @TempDir Path dir;

    @Test
    void everyTypeReadsBackOutermostFirstAndMultiplies() throws IOException {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        GgufWriter w = new GgufWriter().alignment(64).string("general.architecture", "llama").u32("llama.block_count", 2)
                .f32("llama.rope.freq_base", 10000f).strings("tokenizer.ggml.tokens", "a", "b", "ü");
        TensorType[] types = TensorType.values();
        RandomWeights.Stored[] st = new RandomWeights.Stored[types.length];
        int[] rows = new int[types.length], cols = new int[types.length];
        for (int i = 0; i < types.length; i++) {
            rows[i] = 3 + rnd.nextInt(20);
            cols[i] = types[i].blockSize * (1 + rnd.nextInt(5)) + (types[i].blockSize == 1 ? rnd.nextInt(7) : 0);
            st[i] = RandomWeights.of(types[i], rows[i], cols[i], rnd);
            w.tensor("t." + types[i], types[i], new long[] {rows[i], cols[i]}, st[i].bytes());
        }
        Path f = dir.resolve("m.gguf");
        Files.write(f, w.bytes());
        try (GgufStore g = GgufStore.open(f)) {
            assertThat(g.header().alignment()).isEqualTo(64);
            assertThat(g.header().dataStart() % 64).isZero();
            GgufMetadata md = g.metadata();
            assertThat(md.string("general.architecture")).isEqualTo("llama");
            assertThat(md.int32("llama.block_count")).isEqualTo(2);
            assertThat(md.number("llama.rope.freq_base")).isEqualTo(10000.0);
            assertThat(md.strings("tokenizer.ggml.tokens")).containsExactly("a", "b", "ü");
            assertThatThrownBy(() -> md.int32("llama.context_length")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'llama.context_length' is missing");
            assertThatThrownBy(() -> md.string("llama.block_count")).hasMessageContaining("must be a string, is UINT32");
            for (int i = 0; i < types.length; i++) {
                String name = "t." + types[i];
                assertThat(g.type(name)).isEqualTo(types[i]);
                assertThat(g.shape(name)).containsExactly(rows[i], cols[i]);
                WeightMatrix m = g.matrix(name);
                assertThat(m.rows()).isEqualTo(rows[i]);
                float[] x = new float[cols[i]];
                for (int c = 0; c < x.length; c++) x[c] = (float) rnd.nextGaussian();
                float[] y = new float[rows[i]];
                m.matVec(x, 0, y, 0, 0, rows[i]);
                float[] all = g.floats(name, rows[i] * cols[i]);
                assertThat(all).as("%s seed %d", name, seed).containsExactly(st[i].values());
                for (int r = 0; r < rows[i]; r++) {
                    double ref = 0, abs = 0;
                    for (int c = 0; c < cols[i]; c++) {
                        double p = (double) st[i].values()[r * cols[i] + c] * x[c];
                        ref += p;
                        abs += Math.abs(p);
                    }
                    assertThat((double) y[r]).as("%s seed %d row %d", name, seed, r).isCloseTo(ref, within(RandomWeights.dotTolerance(cols[i], abs)));
                }
            }
        }
    }
}
