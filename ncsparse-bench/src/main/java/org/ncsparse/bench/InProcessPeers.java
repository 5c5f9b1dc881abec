package org.ncsparse.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.bench.ort.OrtAttentionPeer;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.kernel.KernelProvider;

/**
 * One shape at one thread count, in this JVM: NcSparse dense, NcSparse top-k and every ONNX Runtime
 * fused attention operator that computes this masking, on the same Q, K, V. Each peer's output is
 * checked against NcSparse's dense output first (a peer that disagrees is reported, not timed); then
 * all are timed {@linkplain Stopwatch#interleaved interleaved}, round by round.
 */
final class InProcessPeers {
    private InProcessPeers() {}

    /** A peer output may differ from NcSparse's by this much relative to (1 + |NcSparse's value|): fp32 rounding, not a layout error. */
    static final double CHECK_TOLERANCE = 1e-3;

    /** Peers that would allocate more score memory than this are not run (the 2-core machine is shared; 8 heads at n = 16384 would need 9-17 GB). */
    static final long MAX_SCORE_BYTES = 4L << 30;

    /** NcSparse's dense and top-k times for the shape, and one row per peer (dense vs that peer). */
    record Result(Stopwatch.Stats dense, Stopwatch.Stats topk, List<Comparison> rows) {}

    static Result run(Shape s, int threads, int warmMs, int reps, double peak, PrintStream log) {
        PeerWorkload w = s.workload(threads);
        AttentionRequest r = w.request(KernelProvider.best(), null, 1);
        AttentionRequest rk = r.withBudget(BudgetPolicy.parse(PeerRunner.TOPK));
        float[] out = new float[r.outputLength()], outK = new float[r.outputLength()];
        long t0 = System.nanoTime();
        Attention.compute(r, out);
        long once = System.nanoTime() - t0;
        // more rounds where they are cheap (noise), fewer for the largest shapes (the grid stays under an hour)
        if (once < 100_000_000L && reps > 1) reps *= 3;
        else if (once > 2_000_000_000L) reps = Math.min(reps, 3);
        List<Runnable> tasks = new ArrayList<>(List.of(() -> Attention.compute(r, out), () -> Attention.compute(rk, outK)));
        List<OrtAttentionPeer> peers = new ArrayList<>();
        List<Comparison> failed = new ArrayList<>();
        try {
            for (OrtAttentionPeer.Op op : OrtAttentionPeer.Op.values()) {
                if (!op.handles(s.causal())) continue;
                String problem = null;
                if (op.scoreBytes(s.heads(), s.n()) > MAX_SCORE_BYTES) {
                    problem = String.format(Locale.ROOT, "not run: holds heads x n x n scores, %.1f GB", op.scoreBytes(s.heads(), s.n()) / 1e9);
                    log.println("    " + op.peerName + " " + s + ": " + problem);
                    failed.add(row(s, threads, op.peerName, null, null, Double.NaN, Double.NaN, problem));
                    continue; // (failed rows get NcSparse's time and GFLOP/s once it is measured, below)
                }
                try {
                    OrtAttentionPeer p = new OrtAttentionPeer(op, s.heads(), s.n(), s.d(), s.causal(), r.q(), r.k(), r.v(), threads);
                    peers.add(p);
                    p.run();
                    double err = maxScaledError(p.output(), out);
                    if (!(err <= CHECK_TOLERANCE)) problem = String.format(Locale.ROOT, "output differs from NcSparse's: max |diff|/(1+|x|) = %.2e", err);
                } catch (Exception | OutOfMemoryError e) {
                    problem = "failed: " + e.getMessage();
                }
                if (problem != null) {
                    log.println("    " + op.peerName + " " + s + ": " + problem + " (not timed)");
                    failed.add(row(s, threads, op.peerName, null, null, Double.NaN, Double.NaN, problem));
                    if (!peers.isEmpty() && peers.getLast().op() == op) peers.removeLast().close();
                } else {
                    tasks.add(peers.getLast()::run);
                }
            }
            Stopwatch.Stats[] t = Stopwatch.interleaved(tasks, warmMs, reps);
            double gf = w.flops() / t[0].medianMs() / 1e6;
            List<Comparison> rows = new ArrayList<>();
            for (Comparison f : failed) rows.add(row(s, threads, f.peer(), t[0], null, gf, gf / peak, f.note()));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s threads=%d: dense %.2f ms (min %.2f; %.1f GFLOP/s, %.0f%% of peak), top-k %.2f ms (%.2fx dense)",
                    s, threads, t[0].medianMs(), t[0].minMs(), gf, 100 * gf / peak, t[1].medianMs(), t[1].medianMs() / t[0].medianMs()));
            for (int i = 0; i < peers.size(); i++) {
                Stopwatch.Stats p = t[2 + i];
                rows.add(row(s, threads, peers.get(i).op().peerName, t[0], p, gf, gf / peak, null));
                line.append(String.format(Locale.ROOT, ", %s %.2f ms (min %.2f; NcSparse/it %.2f)", peers.get(i).op().peerName, p.medianMs(), p.minMs(),
                        t[0].medianMs() / p.medianMs()));
            }
            log.println(line);
            return new Result(t[0], t[1], rows);
        } finally {
            for (OrtAttentionPeer p : peers) p.close();
        }
    }

    static Comparison row(Shape s, int threads, String peer, Stopwatch.Stats mine, Stopwatch.Stats theirs, double gf, double frac, String note) {
        return new Comparison("dense", s.heads(), s.n(), s.d(), s.causal(), threads, peer, mine == null ? Double.NaN : mine.medianMs(),
                theirs == null ? Double.NaN : theirs.medianMs(), mine == null ? Double.NaN : mine.minMs(), theirs == null ? Double.NaN : theirs.minMs(),
                gf, frac, note);
    }

    /** max_i |a_i - b_i| / (1 + |b_i|); NaN anywhere gives NaN. */
    static double maxScaledError(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            double e = Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
            if (!(e <= worst)) worst = Double.isNaN(e) ? Double.NaN : e;
            if (Double.isNaN(worst)) return worst;
        }
        return worst;
    }
}
