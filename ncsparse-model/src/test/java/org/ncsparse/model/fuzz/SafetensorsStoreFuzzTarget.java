package org.ncsparse.model.fuzz;

import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.safetensors.SafetensorsStore;
import org.ncsparse.model.tensor.MappedTensorStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The memory-mapped weights reader (model.safetensors): open, decode every tensor, build every matrix. */
final class SafetensorsStoreFuzzTarget implements FuzzTarget {
    private final Path file;

    SafetensorsStoreFuzzTarget(Path dir) { this.file = dir.resolve("model.safetensors"); }

    @Override public String name() { return "safetensors-weights"; }

    @Override public List<byte[]> seeds() throws IOException {
        Path tmp = file.resolveSibling("seed.safetensors");
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        float[] six = {1, -2, 3.5f, 4, 5, 6e-3f};
        m.put("model.embed_tokens.weight", new DumpWriter.Entry(six, new long[] {3, 2}, DType.BF16));
        m.put("model.norm.weight", new DumpWriter.Entry(six, new long[] {6}, DType.F32));
        m.put("lm_head.weight", new DumpWriter.Entry(six, new long[] {2, 3}, DType.F16));
        DumpWriter.safetensors(tmp, m);
        List<byte[]> out = new ArrayList<>(List.of(Files.readAllBytes(tmp)));
        Files.deleteIfExists(tmp);
        return out;
    }

    @Override public List<byte[]> dictionary() {
        List<byte[]> out = new ArrayList<>();
        for (String w : new String[] {"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I8\"",
                "[", "]", "{", "}", ",", ":", "null", "\"", "[0,0]", "[]", " "})
            out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        Files.write(file, input);
        try (MappedTensorStore s = SafetensorsStore.open(file)) {
            for (String name : s.names()) {
                s.floats(name, 1 << 20);
                if (s.shape(name).length == 2) s.matrix(name);
            }
        }
    }
}
