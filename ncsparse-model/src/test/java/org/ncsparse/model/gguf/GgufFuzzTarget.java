package org.ncsparse.model.gguf;

import org.ncsparse.model.fuzz.FuzzTarget;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** GGUF: open (header, typed metadata, tensor infos, layout checks, mapping), then decode every tensor and build every matrix. */
public final class GgufFuzzTarget implements FuzzTarget {
    private final Path file;

    public GgufFuzzTarget(Path dir) { this.file = dir.resolve("model.gguf"); }

    @Override public String name() { return "gguf"; }

    @Override public List<byte[]> seeds() {
        Random rnd = new Random(5);
        List<byte[]> out = new ArrayList<>();
        GgufWriter a = new GgufWriter().alignment(32).string("general.architecture", "llama").u32("llama.block_count", 1)
                .f32("llama.rope.freq_base", 10000f).strings("tokenizer.ggml.tokens", "a", "b", "ü");
        for (TensorType t : TensorType.values()) a.tensor("w." + t, t, new long[] {2, 32}, RandomWeights.of(t, 2, 32, rnd).bytes());
        out.add(a.bytes());
        out.add(new GgufWriter().string("general.architecture", "llama")
                .tensor("x", TensorType.F32, new long[] {3}, RandomWeights.of(TensorType.F32, 1, 3, rnd).bytes()).bytes());
        return out;
    }

    @Override public List<byte[]> dictionary() {
        List<byte[]> out = new ArrayList<>();
        for (String w : new String[] {"GGUF", "general.alignment", "general.architecture", "llama", "tokenizer.ggml.tokens"})
            out.add(w.getBytes(StandardCharsets.UTF_8));
        for (int type = 0; type <= 13; type++) out.add(GgufWriter.u32(type));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        Files.write(file, input);
        try (GgufStore s = GgufStore.open(file)) {
            for (String name : s.names()) {
                s.type(name);
                s.shape(name);
                s.floats(name, 1 << 20);
                if (s.shape(name).length == 2) s.matrix(name);
            }
        }
    }
}
