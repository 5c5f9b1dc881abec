package org.ncsparse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.kernel.KernelProvider;

/**
 * {@code ncsparse bench --peers}: in one sitting, measures the FMA peak, then per shape and thread
 * count NcSparse's dense and top-k (alpha n^0.5, alpha = 1) attention interleaved with ONNX Runtime's
 * fused attention operators in this JVM (outputs checked first), then NumPy and PyTorch on the
 * one-head shapes (a separate process, afterwards, so never concurrent), then the model GEMM at the
 * encoder's shapes and the encoder row; writes
 * the Markdown table, JSON records and SVG plot.
 */
public final class PeerRunner {
    private PeerRunner() {}

    public static final String TOPK = "power:1,0.5";

    /** mode: "full", "quick" or "smoke"; threads: e.g. [1, 2]. Returns every comparison. */
    public static List<Comparison> run(String mode, int[] threads, Path outDir, Path json, PrintStream log) throws IOException, InterruptedException {
        List<Shape> shapes = Shape.grid(mode);
        boolean smoke = mode.equals("smoke");
        int reps = smoke ? 1 : 5, warmMs = smoke ? 0 : 1500;
        String loadBefore = loadAverage();
        log.printf(Locale.ROOT, "ncsparse bench --peers (%s): kernel %s, %d shapes x threads %s, load average %s%n", mode,
                KernelProvider.best().name(), shapes.size(), java.util.Arrays.toString(threads), loadBefore);
        double peak1 = FmaPeak.singleThreadGflops(smoke ? 1 : 5);
        log.printf(Locale.ROOT, "measured FMA peak: %.1f GFLOP/s on 1 thread%n", peak1);
        String missing = PythonPeers.check();
        if (missing != null) log.println("NumPy/PyTorch peers not run: " + missing);
        List<Comparison> rows = new ArrayList<>();
        String peerInfo = "";
        for (int t : threads) {
            // the t-thread peak is t x the 1-thread peak measured above; the concurrent measurement is
            // only printed, since another process on either core drags it down (seen here: 144 vs 235)
            double peak = t * peak1;
            if (t != 1) log.printf(Locale.ROOT, "FMA peak on %d threads: %.1f GFLOP/s (%d x 1 thread); measured concurrently now: %.1f%n",
                    t, peak, t, FmaPeak.multiThreadGflops(t, smoke ? 1 : 3));
            InProcessPeers.Result[] mine = new InProcessPeers.Result[shapes.size()];
            for (int i = 0; i < shapes.size(); i++) {
                mine[i] = InProcessPeers.run(shapes.get(i), t, warmMs, reps, peak, log);
                rows.addAll(mine[i].rows());
            }
            // NumPy and PyTorch (one head; a separate process, after NcSparse and ONNX Runtime, so never concurrent)
            List<Shape> oneHead = shapes.stream().filter(s -> s.heads() == 1).toList();
            List<PythonPeers.Timing> py = List.of();
            if (missing == null && !oneHead.isEmpty()) {
                PythonPeers.Result res = PythonPeers.run(oneHead, t, reps);
                py = res.timings();
                peerInfo = res.info();
                log.println("  peers (" + t + " threads): " + res.info());
            }
            for (int i = 0; i < shapes.size(); i++) {
                Shape s = shapes.get(i);
                Stopwatch.Stats dense = mine[i].dense(), topk = mine[i].topk();
                double flops = s.workload(t).flops(), gf = flops / dense.medianMs() / 1e6;
                for (PythonPeers.Timing p : py) {
                    if (s.heads() != 1 || p.n() != s.n() || p.d() != s.d() || p.causal() != s.causal()) continue;
                    rows.add(new Comparison("dense", 1, s.n(), s.d(), s.causal(), t, p.peer(), dense.medianMs(), p.ms(),
                            dense.minMs(), p.minMs(), gf, gf / peak, "separate process, not interleaved"));
                }
                double gfk = flops / topk.medianMs() / 1e6;
                rows.add(new Comparison("topk:" + TOPK, s.heads(), s.n(), s.d(), s.causal(), t, "ncsparse-dense", topk.medianMs(), dense.medianMs(),
                        topk.minMs(), dense.minMs(), gfk, gfk / peak, "dense-equivalent GFLOP/s"));
            }
        }
        int[] tokens = smoke ? new int[] {128} : new int[] {128, 512};
        for (int t : threads) {
            rows.addAll(GemmRate.run(tokens, t, warmMs, smoke ? 1 : 3 * reps, t * peak1, log)); // products of a few ms: more rounds
            rows.addAll(EncoderPeer.run(tokens, t, warmMs, reps, log));
        }
        String header = String.format(Locale.ROOT, "NcSparse vs peers, %s, mode %s, kernel %s, %s, %d interleaved rounds (x3 when one call takes under 0.1 s, 3 when over 2 s; median; min = fastest run), "
                        + "load average before %s / after %s (2 cores; above ~1 other processes competed), FMA peak %.1f GFLOP/s (1 thread; t threads: t x that); ONNX Runtime %s (Java, this JVM, intra-op threads = threads, no spinning); NumPy/PyTorch: %s; "
                        + "torch 1.13 has no scaled_dot_product_attention (added in torch 2.0) unless listed",
                ZonedDateTime.now().withNano(0), mode, KernelProvider.best().name(), org.ncsparse.kernel.Simd.describe(), reps, loadBefore, loadAverage(), peak1, ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion(),
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

    /** The CPU's "model name" from /proc/cpuinfo, or the JVM's architecture when it cannot be read. */
    public static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
