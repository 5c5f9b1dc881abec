package org.ncsparse.lab.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.dump.QkDump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dump profiling is sized by what the dump holds, refuses absurd layer indices and non-finite values. */
class DumpProfileLimitsTest {
    private static final int HEADS = 2, N = 64, D = 4;

    private static Path dump(Path dir, String layer, float[] q, float[] k) throws IOException {
        Path f = Files.createDirectories(dir.resolve("dump-" + layer));
        DumpWriter.npy(f.resolve("layer." + layer + ".q.npy"), q, new long[] {HEADS, N, D}, DType.F32);
        DumpWriter.npy(f.resolve("layer." + layer + ".k.npy"), k, new long[] {HEADS, N, D}, DType.F32);
        return f;
    }

    private static float[] gaussian(long seed) {
        Random r = new Random(seed);
        float[] a = new float[HEADS * N * D];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static ProfileSettings settings() {
        return ProfileSettings.defaults(2).withLengths(new int[] {16, 32, 64}).withRows(8);
    }

    /** A 2 KB dump whose only layer is number 10^8 profiles like layer 0 would: nothing sized by the index. */
    @Test
    void hugeLayerIndexCostsNothing(@TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        System.out.println("hugeLayerIndexCostsNothing seed = " + seed);
        float[] q = gaussian(seed), k = gaussian(seed + 1);
        ProfileResult far, near;
        try (DumpFile df = DumpFile.open(dump(dir, "100000000", q, k))) {
            far = DumpProfiler.profile("far", QkDump.layers(df), settings(), Float.NaN);
        }
        try (DumpFile df = DumpFile.open(dump(dir, "0", q, k))) {
            near = DumpProfiler.profile("near", QkDump.layers(df), settings(), Float.NaN);
        }
        assertThat(far.layerIndices()).containsExactly(100_000_000);
        assertThat(far.points()).hasSize(HEADS * 3);
        for (int h = 0; h < HEADS; h++)
            assertThat(far.fit(100_000_000, h, 0)).isEqualTo(near.fit(0, h, 0)).isNotNull();
        assertThatThrownBy(far::fits).isInstanceOf(IllegalStateException.class).hasMessageContaining("fit(layer, head, tau)");
        assertThat(near.fits()[0][1][0]).isEqualTo(near.fit(0, 1, 0));
        Path out = dir.resolve("out");
        ProfileWriter.write(far, out);
        List<String> fits = Files.readAllLines(out.resolve("fits.csv"));
        assertThat(fits).hasSize(1 + HEADS * 2);
        assertThat(fits.get(1)).startsWith("100000000,0,");
        // a heat map row per layer index up to 10^8 would be absurd: fits.csv carries the fits instead
        assertThat(out.resolve("fitted-C-tau0.1.png")).doesNotExist();
        assertThat(Files.readString(out.resolve("index.html"))).contains("see fits.csv");
        ProfileWriter.write(near, dir.resolve("near"));
        assertThat(dir.resolve("near").resolve("fitted-C-tau0.1.png")).isRegularFile();
    }

    @Test
    void layerIndexAboveTheLimitIsRefused(@TempDir Path dir) throws Exception {
        float[] a = gaussian(1);
        try (DumpFile df = DumpFile.open(dump(dir, "2147483647", a, a))) {
            assertThatThrownBy(() -> QkDump.layers(df)).isInstanceOf(IOException.class)
                    .hasMessageContaining("layer.2147483647.k").hasMessageContaining("above the limit " + QkDump.MAX_LAYER_INDEX);
        }
        try (DumpFile df = DumpFile.open(dump(dir, "99999999999999999999", a, a))) {
            assertThatThrownBy(() -> QkDump.layers(df)).isInstanceOf(IOException.class).hasMessageContaining("above the limit");
        }
        try (DumpFile df = DumpFile.open(dump(dir, "007", a, a))) {
            assertThatThrownBy(() -> QkDump.layers(df)).isInstanceOf(IOException.class).hasMessageContaining("leading zeros");
        }
    }

    @Test
    void nonFiniteValuesAreRefusedWithTensorAndIndex(@TempDir Path dir) throws Exception {
        float[] q = gaussian(2), k = gaussian(3);
        k[(N + 5) * D + 3] = Float.NaN;                   // kv head 1, row 5, dim 3
        try (DumpFile df = DumpFile.open(dump(dir, "3", q, k))) {
            assertThatThrownBy(() -> DumpProfiler.profile("nan", QkDump.layers(df), settings(), Float.NaN))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("tensor 'layer.3.k' holds NaN at [head 1, row 5, dim 3] (element " + ((N + 5) * D + 3) + ")");
        }
        float[] q2 = gaussian(4);
        q2[7] = Float.NEGATIVE_INFINITY;
        try (DumpFile df = DumpFile.open(dump(dir, "4", q2, gaussian(5)))) {
            assertThatThrownBy(() -> DumpProfiler.profile("inf", QkDump.layers(df), settings(), Float.NaN))
                    .isInstanceOf(IOException.class).hasMessageContaining("tensor 'layer.4.q' holds -Infinity at [head 0, row 1, dim 3]");
        }
        try (DumpFile df = DumpFile.open(dump(dir, "5", gaussian(6), gaussian(7)))) {
            assertThatThrownBy(() -> DumpProfiler.profile("scale", QkDump.layers(df), settings(), Float.POSITIVE_INFINITY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale must be finite");
        }
    }

    /** Finite but huge dumped values stay exact: double logits and max-subtraction give a one-hot row. */
    @Test
    void hugeFiniteValuesAreProfiled(@TempDir Path dir) throws Exception {
        float[] q = gaussian(8), k = gaussian(9);
        for (int i = 0; i < q.length; i++) { q[i] *= 1e19f; k[i] *= 1e19f; }
        try (DumpFile df = DumpFile.open(dump(dir, "6", q, k))) {
            ProfileResult r = DumpProfiler.profile("huge", QkDump.layers(df), settings(), Float.NaN);
            // logit gaps of ~1e37 make every row one-hot: one key holds all the mass
            for (HeadPoint p : r.points()) {
                assertThat(p.effSupport()).isEqualTo(1.0);
                assertThat(p.kMass()[0]).isEqualTo(1.0);
            }
        }
    }
}
