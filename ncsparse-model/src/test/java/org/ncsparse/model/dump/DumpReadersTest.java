package org.ncsparse.model.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** .npy and .safetensors round trips in every dtype, the Q/K naming scheme, and hostile files. */
class DumpReadersTest {
    @TempDir Path dir;

    static float[] rand(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian() * 3;
        return a;
    }

    @Test
    void npyRoundTripsF32AndF16() throws IOException {
        float[] data = rand(2 * 5 * 3, 1);
        for (DType t : new DType[] {DType.F32, DType.F16}) {
            Path f = dir.resolve("x" + t + ".npy");
            DumpWriter.npy(f, data, new long[] {2, 5, 3}, t);
            try (DumpFile d = DumpFile.open(f)) {
                DumpTensor x = d.tensors().values().iterator().next();
                assertThat(x.shape()).containsExactly(2, 5, 3);
                float[] back = x.readAll();
                for (int i = 0; i < data.length; i++) assertThat(back[i]).isCloseTo(data[i], within(t == DType.F32 ? 0f : 0.01f));
                float[] part = new float[4];
                x.read(7, 4, part, 0);
                assertThat(part[0]).isEqualTo(back[7]);
            }
        }
    }

    @Test
    void safetensorsRoundTripsAllDtypes() throws IOException {
        float[] data = rand(4 * 6, 2);
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        for (DType t : DType.values()) m.put("t." + t, new DumpWriter.Entry(data, new long[] {4, 6}, t));
        Path f = dir.resolve("a.safetensors");
        DumpWriter.safetensors(f, m);
        try (DumpFile d = DumpFile.open(f)) {
            for (DType t : DType.values()) {
                float[] back = d.get("t." + t).readAll();
                float tol = switch (t) { case F32 -> 0f; case F16 -> 0.01f; case BF16 -> 0.07f; };
                for (int i = 0; i < data.length; i++) assertThat(back[i]).isCloseTo(data[i], within(tol));
            }
        }
    }

    @Test
    void qkNamingSchemeWithBatchDimAndGqa() throws IOException {
        int heads = 4, kv = 2, n = 9, d = 8;
        float[] q = rand(heads * n * d, 3), k = rand(kv * n * d, 4);
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(q, new long[] {1, heads, n, d}, DType.F32));
        m.put("layer.0.k", new DumpWriter.Entry(k, new long[] {kv, n, d}, DType.F32));
        m.put("unrelated", new DumpWriter.Entry(new float[] {1}, new long[] {1}, DType.F32));
        Path f = dir.resolve("qk.safetensors");
        DumpWriter.safetensors(f, m);
        try (DumpFile df = DumpFile.open(f)) {
            List<QkDump.Layer> layers = QkDump.layers(df);
            assertThat(layers).hasSize(1);
            QkDump.Layer l = layers.get(0);
            assertThat(l.heads()).isEqualTo(4);
            assertThat(l.kvHeads()).isEqualTo(2);
            assertThat(l.kvHeadOf(3)).isEqualTo(1);
            assertThat(l.queries(2)[0]).isEqualTo(q[2 * n * d]);
            assertThat(l.keys(1)[d]).isEqualTo(k[n * d + d]);
        }
        // same thing as a directory of .npy files
        Path npyDir = Files.createDirectory(dir.resolve("npy"));
        DumpWriter.npy(npyDir.resolve("layer.3.q.npy"), q, new long[] {heads, n, d}, DType.F16);
        DumpWriter.npy(npyDir.resolve("layer.3.k.npy"), k, new long[] {kv, n, d}, DType.F16);
        try (DumpFile df = DumpFile.open(npyDir)) {
            assertThat(QkDump.layers(df).get(0).index()).isEqualTo(3);
        }
    }

    @Test
    void qkShapeMismatchIsNamed() throws IOException {
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(rand(2 * 3 * 4, 1), new long[] {2, 3, 4}, DType.F32));
        m.put("layer.0.k", new DumpWriter.Entry(rand(2 * 3 * 2, 1), new long[] {2, 3, 2}, DType.F32));
        Path f = dir.resolve("bad.safetensors");
        DumpWriter.safetensors(f, m);
        try (DumpFile df = DumpFile.open(f)) {
            assertThatThrownBy(() -> QkDump.layers(df)).isInstanceOf(IOException.class).hasMessageContaining("head dim");
        }
    }

    // ---- hostile safetensors ----

    private Path rawSafetensors(long headerLen, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLen).put(h);
        Path f = Files.createTempFile(dir, "h", ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void safetensorsHeaderClaimingTerabytesIsRefused() throws IOException {
        Path f = rawSafetensors(1L << 40, "{}", 0);
        assertThatThrownBy(() -> DumpFile.open(f)).isInstanceOf(IOException.class).hasMessageContaining("header length");
        Path g = rawSafetensors(-1L, "{}", 0);
        assertThatThrownBy(() -> DumpFile.open(g)).isInstanceOf(IOException.class).hasMessageContaining("header length");
    }

    @Test
    void safetensorsHeaderBeyondTheFileIsRefused() throws IOException {
        Path f = rawSafetensors(5000, "{}", 0);
        assertThatThrownBy(() -> DumpFile.open(f)).isInstanceOf(IOException.class).hasMessageContaining("past the end");
    }

    @Test
    void safetensorsUnknownDtypeIsRefused() throws IOException {
        String j = "{\"x\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}";
        Path f = rawSafetensors(j.length(), j, 2);
        assertThatThrownBy(() -> DumpFile.open(f)).isInstanceOf(IOException.class).hasMessageContaining("unsupported dtype 'I8'");
    }

    @Test
    void safetensorsOverlappingOffsetsAreRefused() throws IOException {
        String j = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Path f = rawSafetensors(j.length(), j, 12);
        assertThatThrownBy(() -> DumpFile.open(f)).isInstanceOf(IOException.class).hasMessageContaining("overlapping");
    }

    @Test
    void safetensorsBytesDisagreeingWithShapeAreRefused() throws IOException {
        String j = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        Path f = rawSafetensors(j.length(), j, 8);
        assertThatThrownBy(() -> DumpFile.open(f)).isInstanceOf(IOException.class).hasMessageContaining("needs 12");
        String k = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path g = rawSafetensors(k.length(), k, 4);
        assertThatThrownBy(() -> DumpFile.open(g)).isInstanceOf(IOException.class).hasMessageContaining("outside");
        String big = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}";
        Path h = rawSafetensors(big.length(), big, 8);
        assertThatThrownBy(() -> DumpFile.open(h)).isInstanceOf(IOException.class);
        Path bad = rawSafetensors(5, "{nope", 0);
        assertThatThrownBy(() -> DumpFile.open(bad)).isInstanceOf(IOException.class).hasMessageContaining("JSON");
    }

    // ---- hostile npy ----

    private Path rawNpy(String header, int dataBytes, int version) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) h.length); else b.putInt(h.length);
        b.put(h);
        Path f = Files.createTempFile(dir, "x", ".npy");
        Files.write(f, java.util.Arrays.copyOf(b.array(), b.position() + dataBytes));
        return f;
    }

    @Test
    void npyBadHeadersAreRefused() throws IOException {
        Path magic = Files.write(dir.resolve("m.npy"), "PK\3\4 not numpy at all".getBytes());
        assertThatThrownBy(() -> DumpFile.open(magic)).isInstanceOf(IOException.class).hasMessageContaining("bad magic");
        Path dtype = rawNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }\n", 16, 1);
        assertThatThrownBy(() -> DumpFile.open(dtype)).isInstanceOf(IOException.class).hasMessageContaining("unsupported .npy dtype '<i8'");
        Path fortran = rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", 16, 1);
        assertThatThrownBy(() -> DumpFile.open(fortran)).isInstanceOf(IOException.class).hasMessageContaining("Fortran");
        Path size = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }\n", 16, 1);
        assertThatThrownBy(() -> DumpFile.open(size)).isInstanceOf(IOException.class).hasMessageContaining("needs 24");
        Path garbage = rawNpy("hello", 0, 1);
        assertThatThrownBy(() -> DumpFile.open(garbage)).isInstanceOf(IOException.class).hasMessageContaining("malformed");
        Path shape = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }\n", 8, 1);
        assertThatThrownBy(() -> DumpFile.open(shape)).isInstanceOf(IOException.class).hasMessageContaining("bad shape");
    }

    @Test
    void npyHeaderLengthBeyondFileOrCapIsRefused() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0).putInt(-1);
        Path huge = Files.write(dir.resolve("huge.npy"), b.array());
        assertThatThrownBy(() -> DumpFile.open(huge)).isInstanceOf(IOException.class).hasMessageContaining("cap");
        b.putInt(8, 4000);
        Path past = Files.write(dir.resolve("past.npy"), b.array());
        assertThatThrownBy(() -> DumpFile.open(past)).isInstanceOf(IOException.class).hasMessageContaining("past the end");
    }

    @Test
    void readRangeIsChecked() throws IOException {
        Path f = dir.resolve("r.npy");
        DumpWriter.npy(f, new float[] {1, 2, 3}, new long[] {3}, DType.F32);
        try (DumpFile d = DumpFile.open(f)) {
            DumpTensor t = d.get("r");
            assertThatThrownBy(() -> t.read(2, 5, new float[5], 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        }
    }
}
