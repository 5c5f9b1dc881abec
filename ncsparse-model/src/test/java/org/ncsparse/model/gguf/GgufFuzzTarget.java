package org.ncsparse.model.gguf;

import org.ncsparse.model.fuzz.FuzzTarget;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * GGUF: open (header, typed metadata, tensor infos, layout checks, mapping), read every metadata value
 * through the typed accessors, decode every tensor, and run a product with every small matrix.
 */
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
        out.add(new GgufWriter().alignment(64).raw("flags", GgufWriter.cat(GgufWriter.u32(9), GgufWriter.u32(7), GgufWriter.le(8).putLong(2).array(), new byte[] {0, 1}))
                .raw("u64", GgufWriter.cat(GgufWriter.u32(10), GgufWriter.le(8).putLong(7).array()))
                .raw("scores", GgufWriter.cat(GgufWriter.u32(9), GgufWriter.u32(6), GgufWriter.le(8).putLong(2).array(), GgufWriter.le(8).putFloat(-1f).putFloat(0.5f).array()))
                .string("general.architecture", "llama")
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

    /** Every value through the accessor of its type (a refusal there is an IllegalArgumentException too). */
    private static void readMetadata(GgufMetadata md) {
        for (String k : md.keys()) {
            GgufMetadata.Value v = md.value(k);
            switch (v.type()) {
                case STRING -> md.string(k);
                case BOOL -> md.bool(k);
                case ARRAY -> {
                    md.arrayLength(k);
                    if (v.elementType() == GgufValueType.STRING) md.strings(k);
                    else if (v.elementType() == GgufValueType.FLOAT32) md.floats(k);
                    else if (v.elementType().isInteger()) md.longs(k);
                }
                default -> md.number(k);
            }
        }
    }

    @Override public void run(byte[] input) throws IOException {
        Files.write(file, input);
        try (GgufStore s = GgufStore.open(file)) {
            readMetadata(s.metadata());
            for (String name : s.names()) {
                s.type(name);
                long[] shape = s.shape(name);
                float[] all = s.floats(name, 1 << 20);
                if (shape.length == 2) {
                    WeightMatrix w = s.matrix(name);
                    if (all.length > 0) {
                        float[] x = new float[w.cols()], y = new float[w.rows()];
                        java.util.Arrays.fill(x, 1f);
                        w.matVec(x, 0, y, 0, 0, w.rows());
                    }
                }
            }
        }
    }
}
