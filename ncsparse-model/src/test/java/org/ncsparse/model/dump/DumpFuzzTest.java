package org.ncsparse.model.dump;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Fuzz: byte flips and cuts of valid .npy / safetensors files fail only with a clear IOException / IAE. */
class DumpFuzzTest {
    private static byte[] validSafetensors, validNpy;

    private static synchronized void init() throws IOException {
        if (validSafetensors != null) return;
        Path dir = Files.createTempDirectory("fuzz");
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 3, 2}, DType.BF16));
        m.put("layer.0.k", new DumpWriter.Entry(new float[] {1, 2, 3, 4, 5, 6}, new long[] {1, 3, 2}, DType.F32));
        DumpWriter.safetensors(dir.resolve("a.safetensors"), m);
        DumpWriter.npy(dir.resolve("a.npy"), new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DType.F16);
        validSafetensors = Files.readAllBytes(dir.resolve("a.safetensors"));
        validNpy = Files.readAllBytes(dir.resolve("a.npy"));
        Files.delete(dir.resolve("a.safetensors"));
        Files.delete(dir.resolve("a.npy"));
        Files.delete(dir);
    }

    @Property(tries = 300)
    void corruptedDumpsFailCleanly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int flips, @ForAll boolean npy) throws IOException {
        init();
        byte[] bytes = (npy ? validNpy : validSafetensors).clone();
        Random r = new Random(seed);
        for (int i = 0; i < flips; i++) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        if (r.nextBoolean()) bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        Path f = Files.createTempFile("fuzz", npy ? ".npy" : ".safetensors");
        try {
            Files.write(f, bytes);
            try (DumpFile d = DumpFile.open(f)) {
                for (DumpTensor t : d.tensors().values()) if (t.elementCount() < 1 << 20) t.readAll();
                try { QkDump.layers(d); } catch (IOException ignored) { /* naming problems are reported as IOException */ }
            } catch (IOException | IllegalArgumentException | UncheckedIOException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
