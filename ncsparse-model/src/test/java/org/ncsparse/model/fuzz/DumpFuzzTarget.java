package org.ncsparse.model.fuzz;

import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.dump.DumpTensor;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.dump.QkDump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dump readers as {@code profile --qk} uses them: the input is written to a file (.npy or
 * .safetensors), opened, every tensor read, and the Q/K naming scheme applied with each head's
 * finite-value scan.
 */
final class DumpFuzzTarget implements FuzzTarget {
    private final boolean npy;
    private final Path file;

    DumpFuzzTarget(boolean npy, Path dir) {
        this.npy = npy;
        this.file = dir.resolve(npy ? "fuzz.npy" : "dump.safetensors");
    }

    @Override public String name() { return npy ? "npy" : "safetensors"; }

    @Override public List<byte[]> seeds() throws IOException {
        Path tmp = file.resolveSibling("seed" + (npy ? ".npy" : ".safetensors"));
        List<byte[]> out = new ArrayList<>();
        float[] six = {1, -2, 3.5f, 4, 5, 6e-3f};
        if (npy) {
            for (Object[] c : new Object[][] {{new long[] {2, 3}, DType.F32}, {new long[] {1, 3, 2}, DType.F16}, {new long[] {6}, DType.F32}}) {
                DumpWriter.npy(tmp, six, (long[]) c[0], (DType) c[1]);
                out.add(Files.readAllBytes(tmp));
            }
            out.add(npyV2("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", new float[] {7}));
        } else {
            Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
            m.put("layer.0.q", new DumpWriter.Entry(six, new long[] {1, 3, 2}, DType.BF16));
            m.put("layer.0.k", new DumpWriter.Entry(six, new long[] {1, 1, 3, 2}, DType.F32));
            m.put("layer.1.q", new DumpWriter.Entry(six, new long[] {2, 3, 1}, DType.F16));
            m.put("layer.1.k", new DumpWriter.Entry(new float[] {1, 2, 3}, new long[] {1, 3, 1}, DType.F16));
            DumpWriter.safetensors(tmp, m);
            out.add(Files.readAllBytes(tmp));
            out.add(safetensors("{\"__metadata__\":{\"format\":\"pt\"},\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"e\":{\"dtype\":\"F16\",\"shape\":[0,4],\"data_offsets\":[8,8]}}", 8));
        }
        Files.deleteIfExists(tmp);
        return out;
    }

    private static byte[] npyV2(String dict, float[] data) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0).putInt(h.length).put(h);
        for (float f : data) b.putFloat(f);
        return b.array();
    }

    private static byte[] safetensors(String json, int dataBytes) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
    }

    @Override public List<byte[]> dictionary() {
        String[] words = npy
                ? new String[] {"'descr'", "'<f4'", "'<f2'", "'>f8'", "'fortran_order'", "True", "False", "'shape'", "(", ")", ",", "L", "{", "}", "\n", " ", "'", "\""}
                : new String[] {"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"",
                        "[", "]", "{", "}", ",", ":", "null", "true", "\"", "[0,0]", "[]", "\"layer.0.v\"", " "};
        List<byte[]> out = new ArrayList<>();
        for (String w : words) out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        Files.write(file, input);
        try (DumpFile d = DumpFile.open(file)) {
            for (DumpTensor t : d.tensors().values()) if (t.elementCount() <= 1 << 20) t.readAll();
            if (npy) return;   // one .npy holds one tensor, never a q/k pair
            for (QkDump.Layer l : QkDump.layers(d)) {
                l.finiteQueries(l.heads() - 1);
                l.finiteKeys(l.kvHeads() - 1);
            }
        }
    }
}
