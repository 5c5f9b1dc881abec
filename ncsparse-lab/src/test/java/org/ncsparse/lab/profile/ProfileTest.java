package org.ncsparse.lab.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.dump.DumpWriter;
import org.ncsparse.model.dump.QkDump;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Profile statistics on rows with known answers, the power fit, and a dump profiled end to end. */
class ProfileTest {
    static ProfileSettings settings() {
        return new ProfileSettings(new int[] {8, 16}, new double[] {0.01}, new double[] {0.1, 0.01},
                List.of(BudgetPolicy.fixed(2), BudgetPolicy.mass(0.1)), 64, false, 1);
    }

    @Test
    void uniformRowsAreDense() {
        int n = 16;
        HeadAccumulator acc = new HeadAccumulator(settings(), n);
        acc.addRow(new double[n]);
        HeadPoint p = acc.result(0, 0);
        assertThat(p.sEps()[0]).isEqualTo(16);
        assertThat(p.kMass()[0]).isEqualTo(15);             // ceil(0.9 * 16) = 15 (14.4 -> 15)
        assertThat(p.kNeeded()[1]).isEqualTo(16);           // 1 - k/16 <= 0.01 needs all
        assertThat(p.dropped()[0]).isCloseTo(14.0 / 16, within(1e-12));
        assertThat(p.effSupport()).isCloseTo(16, within(1e-9));
    }

    @Test
    void peakedRowsAreSparse() {
        int n = 16;
        HeadAccumulator acc = new HeadAccumulator(settings(), n);
        double[] l = new double[n];
        l[3] = 30;
        acc.addRow(l);
        HeadPoint p = acc.result(0, 0);
        assertThat(p.kMass()[1]).isEqualTo(1);
        assertThat(p.kNeeded()[1]).isEqualTo(1);
        assertThat(p.dropped()[1]).isLessThan(1e-10);
    }

    @Test
    void causalRowsCountOnlyVisibleKeys() {
        HeadAccumulator acc = new HeadAccumulator(settings(), 16);
        acc.addRow(new double[16], 10);
        HeadPoint p = acc.result(0, 0);
        assertThat(p.sEps()[0]).isEqualTo(10);
        assertThat(p.effSupport()).isCloseTo(10, within(1e-9));
        assertThat(p.kNeeded()[1]).isEqualTo(10);
    }

    @Test
    void powerFitRecoversAlphaAndC() {
        int[] n = {32, 64, 128, 256, 512};
        double[] k = new double[n.length];
        for (int i = 0; i < n.length; i++) k[i] = 1.5 * Math.pow(n[i], 0.4);
        PowerFit f = PowerFit.fit(n, k);
        assertThat(f.alpha()).isCloseTo(1.5, within(1e-9));
        assertThat(f.c()).isCloseTo(0.4, within(1e-12));
        assertThat(f.r2()).isCloseTo(1, within(1e-12));
        assertThat(f.k(1024)).isEqualTo((int) Math.ceil(1.5 * Math.pow(1024, 0.4)));
    }

    @Test
    void dumpIsProfiledAndWritten(@TempDir Path dir) throws Exception {
        int heads = 2, n = 256, d = 16;
        Random r = new Random(7);
        float[] q = new float[heads * n * d], k = new float[heads * n * d];
        for (int i = 0; i < q.length; i++) { q[i] = (float) r.nextGaussian(); k[i] = (float) r.nextGaussian(); }
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(q, new long[] {heads, n, d}, DType.BF16));
        m.put("layer.0.k", new DumpWriter.Entry(k, new long[] {1, heads, n, d}, DType.BF16));
        Path f = dir.resolve("qk.safetensors");
        DumpWriter.safetensors(f, m);
        ProfileResult res;
        try (DumpFile df = DumpFile.open(f)) {
            ProfileSettings s = ProfileSettings.defaults(2).withLengths(new int[] {64, 128, 256, 1024}).withRows(32).withCausal(true);
            res = DumpProfiler.profile("qk", QkDump.layers(df), s, 1f);
        }
        assertThat(res.settings().lengths()).containsExactly(64, 128, 256);
        assertThat(res.points()).hasSize(heads * 3);
        assertThat(res.fits()[0][1][0]).isNotNull();
        // Gaussian logits with sigma = sqrt(d) = 4 are peaked: top-k_mass(0.9) far below n
        assertThat(res.at(256).get(0).kMass()[0]).isLessThan(64);
        Path outDir = dir.resolve("out");
        ProfileWriter.write(res, outDir);
        for (String name : List.of("points.csv", "fits.csv", "profile.json", "index.html", "fitted-C-tau0.1.png", "kmass-0.99-vs-n.png", "dropped-vs-n.png", "phase-diagram-tau0.1.png"))
            assertThat(outDir.resolve(name)).isRegularFile();
        List<String> lines = Files.readAllLines(outDir.resolve("points.csv"));
        assertThat(lines).hasSize(1 + heads * 3);
        assertThat(lines.get(0)).contains("phase_m").contains("kstar_gaussian_tau_0.1");
        // the last point's Gaussian-theory budget is a positive count no larger than n
        String[] last = lines.get(lines.size() - 1).split(",");
        int col = java.util.Arrays.asList(lines.get(0).split(",")).indexOf("kstar_gaussian_tau_0.1");
        assertThat(Long.parseLong(last[col])).isBetween(1L, 256L);
        try (var files = Files.list(outDir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp")).count()).isZero();
        }
    }

    /** A causal dump at n = 131072 is profiled by streaming one head at a time (no n x n buffer). */
    @Test
    void longCausalDumpStreams(@TempDir Path dir) throws Exception {
        int n = 131072, d = 16;
        Random r = new Random(11);
        float[] q = new float[n * d], k = new float[n * d];
        for (int i = 0; i < q.length; i++) { q[i] = (float) r.nextGaussian(); k[i] = (float) r.nextGaussian(); }
        Path qf = Files.createDirectory(dir.resolve("dump"));
        DumpWriter.npy(qf.resolve("layer.5.q.npy"), q, new long[] {1, n, d}, DType.F16);
        DumpWriter.npy(qf.resolve("layer.5.k.npy"), k, new long[] {1, n, d}, DType.F16);
        q = null; k = null;
        try (DumpFile df = DumpFile.open(qf)) {
            ProfileSettings s = ProfileSettings.defaults(2).withLengths(new int[] {1024, 16384, 131072}).withRows(8).withCausal(true);
            ProfileResult res = DumpProfiler.profile("long", QkDump.layers(df), s, Float.NaN);
            assertThat(res.points()).hasSize(3);
            assertThat(res.layerIndices()).containsExactly(5);
            assertThat(res.layers()).isEqualTo(1);
            HeadPoint last = res.series(5, 0).get(2);
            assertThat(last.n()).isEqualTo(131072);
            assertThat(last.rows()).isEqualTo(8);
            // 1/sqrt(d)-scaled isotropic Gaussian logits (sigma = 1) are dense: k_mass(0.9) is a large fraction of n
            assertThat(last.kMass()[0] / n).isGreaterThan(0.3);
        }
    }
}
