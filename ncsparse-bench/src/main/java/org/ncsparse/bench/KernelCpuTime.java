package org.ncsparse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ncsparse.attention.Attention;
import org.ncsparse.bench.ort.OrtAttentionPeer;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.KernelProvider;
import org.ncsparse.kernel.Simd;

/**
 * Dense and top-k attention timed by the calling thread's CPU time (one thread, so the kernel runs on
 * the caller), for machines shared with other jobs, where wall time mostly measures the other jobs:
 * the FMA peak first, then rounds that call every (shape, budget) once each, interleaved, medians over
 * the rounds. Usage:
 * {@code java --add-modules jdk.incubator.vector -cp <bench jar + deps> org.ncsparse.bench.KernelCpuTime
 * [rounds] [n:d:causal ...]}, e.g. {@code 9 1024:64:0 4096:64:1}; causal is 0 or 1. Workload as
 * {@link PeerWorkload} (one head, m = n, iid N(0, 1), scale 1/sqrt(d)); top-k = power:1,0.5.
 * Non-causal shapes also time ONNX Runtime's fused MultiHeadAttention in the same rounds: with one
 * intra-op thread ONNX Runtime computes on the calling thread, so its CPU time is comparable (checked
 * against NcSparse's output first; left out, with the reason printed, if it fails or differs).
 * With {@code -Dncsparse.measure.ablate=softmax|pv} the dense kernel leaves that phase out (its
 * outputs are then wrong; ONNX Runtime is checked against the scalar kernel instead): the difference
 * to a normal run is the phase's cost.
 */
public final class KernelCpuTime {
    private KernelCpuTime() {}

    private static final String TOPK = "power:1,0.5";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        List<PeerWorkload> shapes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split(":");
            if (p.length != 3) throw new IllegalArgumentException("shape must be n:d:causal, got " + args[i]);
            shapes.add(new PeerWorkload(Integer.parseInt(p[0]), Integer.parseInt(p[1]), p[2].equals("1"), 1));
        }
        if (shapes.isEmpty()) for (int n : new int[] {1024, 4096}) for (int d : new int[] {64, 128})
            for (boolean c : new boolean[] {false, true}) shapes.add(new PeerWorkload(n, d, c, 1));
        System.out.println("# " + PeerRunner.cpuModel() + "; " + Simd.describe() + "; kernel " + KernelProvider.best().name()
                + "; load average at start " + PeerRunner.loadAverage());
        double peak = FmaPeak.singleThreadGflops(5);
        System.out.printf(Locale.ROOT, "# FMA peak, 1 thread: %.1f GFLOP/s%n", peak);
        int s = shapes.size();
        AttentionRequest[] dense = new AttentionRequest[s], topk = new AttentionRequest[s];
        float[][] out = new float[s][];
        for (int i = 0; i < s; i++) {
            dense[i] = shapes.get(i).request(KernelProvider.best(), null, 42);
            topk[i] = dense[i].withBudget(BudgetPolicy.parse(TOPK));
            out[i] = new float[dense[i].outputLength()];
        }
        String ablate = System.getProperty("ncsparse.measure.ablate", "none");
        boolean ablated = !ablate.equals("none");
        if (ablated) System.out.println("# ablated run: the dense kernel leaves its " + ablate + " phase out (outputs wrong by design); ort-mha checked against the scalar kernel");
        OrtAttentionPeer[] ort = new OrtAttentionPeer[s];
        for (int i = 0; i < s; i++) {
            if (shapes.get(i).causal()) continue;
            if (ablated) Attention.compute(shapes.get(i).request(KernelProvider.scalar(), null, 42), out[i]);
            else Attention.compute(dense[i], out[i]);
            try {
                ort[i] = new OrtAttentionPeer(OrtAttentionPeer.Op.MHA, 1, shapes.get(i).n(), shapes.get(i).d(), false, dense[i].q(), dense[i].k(), dense[i].v(), 1);
                ort[i].run();
                double err = InProcessPeers.maxScaledError(ort[i].output(), out[i]);
                if (!(err <= InProcessPeers.CHECK_TOLERANCE)) throw new IllegalStateException("output differs from " + (ablated ? "the scalar kernel's" : "NcSparse's") + ": " + err);
            } catch (Exception e) {
                System.out.println("# ort-mha " + shapes.get(i) + " not timed: " + e.getMessage());
                if (ort[i] != null) ort[i].close();
                ort[i] = null;
            }
        }
        long warmUntil = System.nanoTime() + 3_000_000_000L; // JIT warm-up over every shape
        while (System.nanoTime() < warmUntil) for (int i = 0; i < s; i++) {
            Attention.compute(dense[i], out[i]);
            Attention.compute(topk[i], out[i]);
            if (ort[i] != null) ort[i].run();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] td = new double[s][rounds], tk = new double[s][rounds], to = new double[s][rounds];
        for (int r = 0; r < rounds; r++) for (int i = 0; i < s; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            Attention.compute(dense[i], out[i]);
            long t1 = mx.getCurrentThreadCpuTime();
            Attention.compute(topk[i], out[i]);
            long t2 = mx.getCurrentThreadCpuTime();
            if (ort[i] != null) ort[i].run();
            long t3 = mx.getCurrentThreadCpuTime();
            td[i][r] = (t1 - t0) / 1e6;
            tk[i][r] = (t2 - t1) / 1e6;
            to[i][r] = (t3 - t2) / 1e6;
        }
        for (OrtAttentionPeer p : ort) if (p != null) p.close();
        System.out.println("| n | d | causal | dense CPU ms (min) | GFLOP/s | % of FMA peak | top-k CPU ms (min) | top-k / dense | ort-mha CPU ms (min) | dense / ort-mha |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < s; i++) {
            PeerWorkload w = shapes.get(i);
            double d = median(td[i]), k = median(tk[i]), gflops = w.flops() / d / 1e6;
            String o = ort[i] == null ? "- | -" : String.format(Locale.ROOT, "%.2f (%.2f) | %.2f", median(to[i]), min(to[i]), d / median(to[i]));
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %.2f (%.2f) | %.1f | %.0f%% | %.2f (%.2f) | %.2f | %s |%n", w.n(), w.d(),
                    w.causal() ? "yes" : "no", d, min(td[i]), gflops, 100 * gflops / peak, k, min(tk[i]), k / d, o);
        }
        System.out.println("# load average at end " + PeerRunner.loadAverage() + "; medians of " + rounds + " interleaved rounds");
    }

    private static double median(double[] a) { double[] c = a.clone(); Arrays.sort(c); return c[c.length / 2]; }
    private static double min(double[] a) { return Arrays.stream(a).min().orElse(Double.NaN); }

}
