package org.ncsparse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.KernelProvider;

/**
 * {@code ncsparse bench --peers}: in one sitting, measures the FMA peak, NcSparse's dense and top-k
 * (alpha n^0.5, alpha = 1) attention, then NumPy and PyTorch on the same shapes, and writes the
 * Markdown table, JSON records and SVG plot. NcSparse runs first for every shape of a thread count,
 * then the peers (a separate process), so they never compete for the 2 cores.
 */
public final class PeerRunner {
    private PeerRunner() {}

    public static final String TOPK = "power:1,0.5";

    /** mode: "full", "quick" or "smoke"; threads: e.g. [1, 2]. Returns every comparison. */
    public static List<Comparison> run(String mode, int[] threads, Path outDir, Path json, PrintStream log) throws IOException, InterruptedException {
        List<Shape> shapes = Shape.grid(mode);
        boolean smoke = mode.equals("smoke");
        int reps = smoke ? 1 : mode.equals("quick") ? 3 : 5, warmMs = smoke ? 0 : 1500;
        String loadBefore = loadAverage();
        log.printf(Locale.ROOT, "ncsparse bench --peers (%s): kernel %s, %d shapes x threads %s, load average %s%n", mode,
                KernelProvider.best().name(), shapes.size(), java.util.Arrays.toString(threads), loadBefore);
        double peak1 = FmaPeak.singleThreadGflops(smoke ? 1 : 5);
        log.printf(Locale.ROOT, "measured FMA peak: %.1f GFLOP/s on 1 thread%n", peak1);
        String missing = PythonPeers.check();
        if (missing != null) log.println("peers not run: " + missing);
        List<Comparison> rows = new ArrayList<>();
        String peerInfo = "";
        for (int t : threads) {
            // the t-thread peak is t x the 1-thread peak measured above; the concurrent measurement is
            // only printed, since another process on either core drags it down (seen here: 144 vs 235)
            double peak = t * peak1;
            if (t != 1) log.printf(Locale.ROOT, "FMA peak on %d threads: %.1f GFLOP/s (%d x 1 thread); measured concurrently now: %.1f%n",
                    t, peak, t, FmaPeak.multiThreadGflops(t, smoke ? 1 : 3));
            Timer.Stats[] dense = new Timer.Stats[shapes.size()], topk = new Timer.Stats[shapes.size()];
            for (int i = 0; i < shapes.size(); i++) {
                PeerWorkload w = shapes.get(i).workload(t);
                AttentionRequest r = w.request(KernelProvider.best(), null, 1);
                float[] out = new float[r.outputLength()];
                dense[i] = Timer.time(() -> Attention.compute(r, out), warmMs, reps);
                AttentionRequest rk = r.withBudget(BudgetPolicy.parse(TOPK));
                topk[i] = Timer.time(() -> Attention.compute(rk, out), warmMs, reps);
                log.printf(Locale.ROOT, "  %s threads=%d: dense %.2f ms (min %.2f; %.1f GFLOP/s, %.0f%% of peak), top-k %.2f ms (min %.2f; %.2fx dense)%n",
                        shapes.get(i), t, dense[i].medianMs(), dense[i].minMs(), w.flops() / dense[i].medianMs() / 1e6,
                        100 * w.flops() / dense[i].medianMs() / 1e6 / peak, topk[i].medianMs(), topk[i].minMs(), topk[i].medianMs() / dense[i].medianMs());
            }
            List<PythonPeers.Timing> peers = List.of();
            if (missing == null) {
                PythonPeers.Result res = PythonPeers.run(shapes, t, reps);
                peers = res.timings();
                peerInfo = res.info();
                log.println("  peers (" + t + " threads): " + res.info());
            }
            for (int i = 0; i < shapes.size(); i++) {
                Shape s = shapes.get(i);
                double flops = s.workload(t).flops(), gf = flops / dense[i].medianMs() / 1e6;
                boolean any = false;
                for (PythonPeers.Timing p : peers) {
                    if (p.n() != s.n() || p.d() != s.d() || p.causal() != s.causal()) continue;
                    rows.add(new Comparison("dense", s.n(), s.d(), s.causal(), t, p.peer(), dense[i].medianMs(), p.ms(),
                            dense[i].minMs(), p.minMs(), gf, gf / peak, null));
                    any = true;
                }
                if (!any) rows.add(new Comparison("dense", s.n(), s.d(), s.causal(), t, "numpy", dense[i].medianMs(), Double.NaN,
                        dense[i].minMs(), Double.NaN, gf, gf / peak, missing));
                double gfk = flops / topk[i].medianMs() / 1e6;
                rows.add(new Comparison("topk:" + TOPK, s.n(), s.d(), s.causal(), t, "ncsparse-dense", topk[i].medianMs(), dense[i].medianMs(),
                        topk[i].minMs(), dense[i].minMs(), gfk, gfk / peak, "dense-equivalent GFLOP/s"));
            }
        }
        for (int t : threads)
            rows.addAll(EncoderPeer.run(smoke ? new int[] {128} : new int[] {128, 512}, t, warmMs, reps, log));
        String header = String.format(Locale.ROOT, "NcSparse vs peers, %s, mode %s, kernel %s, %d reps (median; min = fastest run), "
                        + "load average before %s / after %s (2 cores; above ~1 other processes competed), FMA peak %.1f GFLOP/s (1 thread; t threads: t x that); peers: %s; "
                        + "torch 1.13 has no scaled_dot_product_attention (added in torch 2.0) unless listed",
                ZonedDateTime.now().withNano(0), mode, KernelProvider.best().name(), reps, loadBefore, loadAverage(), peak1,
                peerInfo.isEmpty() ? String.valueOf(missing) : peerInfo);
        String md = ReportWriter.markdown(rows, header);
        if (outDir != null) { // the caller shows peers.md; log carries progress only
            ReportWriter.write(outDir.resolve("peers.md"), md);
            ReportWriter.write(outDir.resolve("peers.svg"), ReportWriter.svg(rows));
            ReportWriter.write(json != null ? json : outDir.resolve("peers.json"), ReportWriter.jsonLines(rows));
        } else if (json != null) {
            log.println(md);
            ReportWriter.write(json, ReportWriter.jsonLines(rows));
        }
        return rows;
    }

    /** The 1/5/15-minute load averages from /proc/loadavg (how busy the 2 cores were), or "n/a". */
    public static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
