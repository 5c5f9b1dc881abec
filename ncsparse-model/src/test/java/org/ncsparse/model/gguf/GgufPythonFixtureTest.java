package org.ncsparse.model.gguf;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.safetensors.SafetensorsStore;
import org.ncsparse.model.tensor.MappedTensorStore;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.testutil.PythonFormats;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files written by the independent Python writer (numpy; GGUF, one safetensors file, shards with an
 * index): every tensor reads back exactly as the
 * float32 values Python says it stores (dequantised for Q8_0/Q4_0), every metadata type reads back,
 * and the Python quantiser produces the bytes that llama.cpp's reference quantiser (re-stated here in
 * Java, float32 arithmetic) produces from the same input.
 */
class GgufPythonFixtureTest {
    @TempDir Path dir;

    @Test
    void pythonWrittenFilesReadBackExactly() throws IOException {
        PythonFormats.assumeNumpy();
        long seed = new Random().nextLong() & Long.MAX_VALUE;
        PythonFormats.formats("fixture", dir.toString(), Long.toString(seed));
        try (GgufStore g = GgufStore.open(dir.resolve("model.gguf")); DumpFile expected = DumpFile.open(dir.resolve("expected"))) {
            GgufMetadata md = g.metadata();
            assertThat(g.header().alignment()).isEqualTo(64);
            assertThat(md.string("general.architecture")).isEqualTo("llama");
            assertThat(md.string("general.name")).isEqualTo("fixture ünïcode");
            assertThat(md.int32("llama.block_count")).isEqualTo(1);
            assertThat(md.type("llama.rope.freq_base")).isEqualTo(GgufValueType.FLOAT32);
            assertThat(md.number("llama.rope.freq_base")).isEqualTo(500000.0);
            assertThat(md.integer("u8")).isEqualTo(200);
            assertThat(md.integer("i8")).isEqualTo(-100);
            assertThat(md.integer("u16")).isEqualTo(60000);
            assertThat(md.integer("i16")).isEqualTo(-30000);
            assertThat(md.integer("u32")).isEqualTo(4_000_000_000L);
            assertThat(md.integer("i32")).isEqualTo(-2_000_000_000L);
            assertThat(md.number("u64")).isEqualTo(0x1p63 + 5);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> md.integer("u64")).hasMessageContaining("below 2^63");
            assertThat(md.integer("i64")).isEqualTo(-(1L << 62));
            assertThat(md.number("f64")).isEqualTo(0.1);
            assertThat(md.bool("yes")).isTrue();
            assertThat(md.strings("tokenizer.ggml.tokens")).containsExactly("<s>", "</s>", "hello", "wörld", "");
            assertThat(md.floats("tokenizer.ggml.scores")).containsExactly(0f, -1f, -2.5f, -3f, -4f);
            assertThat(md.ints("tokenizer.ggml.token_type")).containsExactly(3, 3, 1, 1, 1);
            assertThat(md.ints("bytes")).containsExactly(1, 2, 255);
            assertThat(md.longs("wide")).containsExactly(1L << 40, -1L);
            assertThat(md.arrayLength("flags")).isEqualTo(2);
            java.util.Map<String, Object> exact = md.exactValues();
            assertThat(exact.get("bytes")).isEqualTo(new int[] {1, 2, 255});
            assertThat(exact.get("u64")).isEqualTo(new java.math.BigInteger("9223372036854775813"));
            assertThat(exact.get("u32")).isEqualTo(4_000_000_000L);
            assertThat(exact.get("tokenizer.ggml.tokens")).isEqualTo(md.strings("tokenizer.ggml.tokens"));
            for (String name : g.names()) {
                float[] want = expected.get(name).readAll();
                assertThat(g.shape(name)).as(name).containsExactly(expected.get(name).shape());
                assertThat(g.floats(name, want.length)).as("%s seed %d", name, seed).containsExactly(want);
                if (g.type(name).blockSize > 1) {
                    byte[] stored = g.tensors().tensor(name).data().toArray(ValueLayout.JAVA_BYTE);
                    byte[] ours = LlamaCppQuantiser.quantise(g.type(name), expected.get(name + ".input").readAll());
                    assertThat(stored).as("%s bytes vs llama.cpp's reference quantiser, seed %d", name, seed).isEqualTo(ours);
                }
            }
            assertThat(g.type("blk.0.q4_0.weight")).isEqualTo(TensorType.Q4_0);
        }
        try (MappedTensorStore st = SafetensorsStore.open(dir.resolve("st")); DumpFile expected = DumpFile.open(dir.resolve("expected"))) {
            for (String name : st.names())
                assertThat(st.floats(name, 1000)).as(name).containsExactly(expected.get("st." + name).readAll());
        }
        try (MappedTensorStore st = SafetensorsStore.open(dir.resolve("sharded")); DumpFile expected = DumpFile.open(dir.resolve("expected"))) {
            assertThat(st.names()).containsExactlyInAnyOrder("f32", "f16", "bf16");
            for (String name : st.names()) {
                assertThat(st.shape(name)).as(name).containsExactly(expected.get("sharded." + name).shape());
                assertThat(st.floats(name, 1000)).as(name).containsExactly(expected.get("sharded." + name).readAll());
            }
        }
    }

    /** llama.cpp's quantize_row_q8_0_ref / quantize_row_q4_0_ref, in Java float arithmetic. */
    static final class LlamaCppQuantiser {
        static byte[] quantise(TensorType type, float[] x) {
            ByteBuffer out = ByteBuffer.allocate((int) type.bytes(x.length)).order(ByteOrder.LITTLE_ENDIAN);
            for (int b = 0; b < x.length; b += 32) {
                if (type == TensorType.Q8_0) {
                    float amax = 0;
                    for (int j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(x[b + j]));
                    float d = amax / 127, id = d != 0 ? 1.0f / d : 0.0f;
                    out.putShort(Float.floatToFloat16(d));
                    for (int j = 0; j < 32; j++) out.put((byte) roundf(x[b + j] * id));
                } else {
                    float amax = 0, max = 0;
                    for (int j = 0; j < 32; j++)
                        if (amax < Math.abs(x[b + j])) { amax = Math.abs(x[b + j]); max = x[b + j]; }
                    float d = max / -8, id = d != 0 ? 1.0f / d : 0.0f;
                    out.putShort(Float.floatToFloat16(d));
                    for (int j = 0; j < 16; j++) {
                        int q0 = Math.min(15, (byte) (int) (x[b + j] * id + 8.5f));
                        int q1 = Math.min(15, (byte) (int) (x[b + 16 + j] * id + 8.5f));
                        out.put((byte) (q0 | q1 << 4));
                    }
                }
            }
            return out.array();
        }

        /** C roundf: halves away from zero. */
        private static float roundf(float v) { return (float) (Math.signum(v) * Math.floor(Math.abs((double) v) + 0.5)); }
    }
}
