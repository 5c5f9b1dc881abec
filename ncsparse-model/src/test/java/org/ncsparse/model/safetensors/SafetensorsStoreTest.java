package org.ncsparse.model.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.tensor.MappedTensorStore;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Single-file and sharded safetensors weights read through the mapped store, against the values written. */
class SafetensorsStoreTest {
    @TempDir Path dir;

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rnd.nextGaussian();
        return v;
    }

    /** What a dtype stores for v (round to nearest even, as the writer does). */
    private static float stored(float v, DType dt) {
        return switch (dt) {
            case F32 -> v;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
            case BF16 -> {
                int bits = Float.floatToRawIntBits(v);
                yield Float.intBitsToFloat(((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) << 16);
            }
        };
    }

    @Test
    void everyDtypeReadsBackAndMultiplies() throws IOException {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        int rows = 37, cols = 53;
        for (DType dt : DType.values()) {
            float[] w = gaussian(rnd, rows * cols);
            m.put("layers.0." + dt + ".weight", new DumpWriter.Entry(w, new long[] {rows, cols}, dt));
            values.put("layers.0." + dt + ".weight", w);
        }
        m.put("norm.weight", new DumpWriter.Entry(gaussian(rnd, cols), new long[] {cols}, DType.F32));
        m.put("empty", new DumpWriter.Entry(new float[0], new long[] {0, 4}, DType.F16));
        DumpWriter.safetensors(dir.resolve("model.safetensors"), m);

        try (MappedTensorStore st = SafetensorsStore.open(dir)) {
            assertThat(st.names()).containsExactlyElementsOf(m.keySet());
            assertThat(st.shape("empty")).containsExactly(0, 4);
            assertThat(st.floats("norm.weight", 1000)).containsExactly(m.get("norm.weight").data());
            assertThatThrownBy(() -> st.floats("norm.weight", 10)).hasMessageContaining("'norm.weight'");
            assertThatThrownBy(() -> st.matrix("norm.weight")).hasMessageContaining("'norm.weight'").hasMessageContaining("not a matrix");
            assertThatThrownBy(() -> st.matrix("nope")).hasMessageContaining("'nope'");
            float[] x = gaussian(rnd, cols);
            for (DType dt : DType.values()) {
                String name = "layers.0." + dt + ".weight";
                assertThat(st.type(name)).isEqualTo(TensorType.valueOf(dt.name()));
                WeightMatrix w = st.matrix(name);
                assertThat(w.rows()).isEqualTo(rows);
                assertThat(w.cols()).isEqualTo(cols);
                float[] y = new float[rows];
                w.matVec(x, 0, y, 0, 0, rows);
                float[] row = new float[cols];
                for (int r = 0; r < rows; r++) {
                    w.row(r, row, 0);
                    double ref = 0, abs = 0;
                    for (int c = 0; c < cols; c++) {
                        float sv = stored(values.get(name)[r * cols + c], dt);
                        assertThat(row[c]).as("%s seed %d", name, seed).isEqualTo(sv);
                        ref += (double) sv * x[c];
                        abs += Math.abs((double) sv * x[c]);
                    }
                    assertThat((double) y[r]).as("%s seed %d row %d", name, seed, r).isCloseTo(ref, within(RandomWeights.dotTolerance(cols, abs)));
                }
            }
        }
    }

    @Test
    void shardsFollowTheIndex() throws IOException {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        Map<String, DumpWriter.Entry> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
        a.put("embed.weight", new DumpWriter.Entry(gaussian(rnd, 12), new long[] {3, 4}, DType.BF16));
        b.put("lm_head.weight", new DumpWriter.Entry(gaussian(rnd, 8), new long[] {2, 4}, DType.F32));
        b.put("norm.weight", new DumpWriter.Entry(gaussian(rnd, 4), new long[] {4}, DType.F16));
        DumpWriter.safetensors(dir.resolve("model-00001-of-00002.safetensors"), a);
        DumpWriter.safetensors(dir.resolve("model-00002-of-00002.safetensors"), b);
        String index = """
                {"metadata": {"total_size": "72"}, "weight_map": {
                  "embed.weight": "model-00001-of-00002.safetensors",
                  "lm_head.weight": "model-00002-of-00002.safetensors",
                  "norm.weight": "model-00002-of-00002.safetensors"}}""";
        Files.writeString(dir.resolve(SafetensorsStore.INDEX), index);
        try (MappedTensorStore st = SafetensorsStore.open(dir)) {
            assertThat(st.names()).containsExactlyInAnyOrder("embed.weight", "lm_head.weight", "norm.weight");
            assertThat(st.floats("lm_head.weight", 8)).containsExactly(b.get("lm_head.weight").data());
            assertThat(st.shape("embed.weight")).containsExactly(3, 4);
        }
        Files.writeString(dir.resolve(SafetensorsStore.INDEX), index.replace("\"norm.weight\": \"model-00002", "\"norm.weight\": \"model-00001"));
        assertThatThrownBy(() -> SafetensorsStore.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("'norm.weight'");
        Files.writeString(dir.resolve(SafetensorsStore.INDEX), index.replace("}}", ", \"extra.weight\": \"model-00001-of-00002.safetensors\"}}"));
        assertThatThrownBy(() -> SafetensorsStore.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("'extra.weight'").hasMessageContaining("missing");
        Files.writeString(dir.resolve(SafetensorsStore.INDEX), index.replace("model-00001-of-00002.safetensors", "../x.safetensors"));
        assertThatThrownBy(() -> SafetensorsStore.open(dir)).isInstanceOf(IOException.class).hasMessageContaining("'embed.weight'");
    }

    /** A file with the given header text and data bytes. */
    private Path raw(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void strictHeadersRefuseWhatTheSpecForbids() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        try (MappedTensorStore st = SafetensorsStore.open(raw(ok + "   ", 8))) { assertThat(st.names()).containsExactly("a"); }
        String[][] cases = {
                {ok + "x", "not valid JSON"},
                {"{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "Duplicate"},
                {ok.replace("[0,8]", "[\"0\",8]"), "data_offsets[0]"},
                {ok.replace("[0,8]", "[0.0,8]"), "data_offsets[0]"},
                {ok.replace("[2]", "[2.5]"), "shape[0]"},
                {ok.replace("[2]", "[-2]"), "shape[0]"},
                {ok.replace("\"F32\"", "7"), "dtype"},
                {ok.replace("\"F32\"", "\"I64\""), "unsupported dtype 'I64'"},
                {ok.replace("\"shape\"", "\"extra\":1,\"shape\""), "unknown field 'extra'"},
                {ok.replace("[0,8]", "[0,4]"), "needs 8 bytes"},
                {ok.replace("}}", "},\"__metadata__\":{\"k\":1}}"), "__metadata__.k"},
                {ok.replace("[2]", "[9223372036854775807,2]"), "too large"},
                {"[]", "not a JSON object"},
        };
        for (String[] c : cases)
            assertThatThrownBy(() -> SafetensorsStore.open(raw(c[0], 8))).as(c[0]).isInstanceOf(IOException.class)
                    .hasMessageContaining(c[1]).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> SafetensorsStore.open(raw(ok, 4))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SafetensorsStore.open(raw(ok, 12))).hasMessageContaining("trailing bytes");
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafetensorsStore.open(raw(two, 12))).hasMessageContaining("overlapping").hasMessageContaining("'b'");
        String gap = two.replace("[4,12]", "[12,20]");
        assertThatThrownBy(() -> SafetensorsStore.open(raw(gap, 20))).hasMessageContaining("unused bytes before tensor 'b'");
        Path hugeHeader = Files.createTempFile(dir, "huge", ".safetensors");
        Files.write(hugeHeader, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertThatThrownBy(() -> SafetensorsStore.open(hugeHeader)).hasMessageContaining("header length");
        assertThatThrownBy(() -> SafetensorsStore.open(dir.resolve("missing.safetensors"))).isInstanceOf(IOException.class).hasMessageContaining("no such file");
        assertThat(Arrays.asList(cases)).isNotEmpty();
    }
}
