package org.ncsparse.lab.model;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.model.block.AttentionPlan;
import org.ncsparse.model.bert.BertModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Embeds every chunk (and every chunk's query sentence) exactly and under each policy, then compares:
 * cosine(sparse, exact) per chunk, and retrieval by cosine similarity — recall@1/@10 of the sparse
 * neighbours against the exact ones, and self-retrieval (query → its own chunk).
 */
public final class SparseEvaluation {
    private final BertModel model;
    private final List<Chunker.Chunk> chunks;
    private final float[][] exactChunks, exactQueries;
    private final int[][] queryIds;
    private final int[][] exactTop;

    private final int threads;

    /** Chunks are embedded in parallel on {@code threads} workers, each with a single-threaded encoder. */
    public SparseEvaluation(BertModel model, List<Chunker.Chunk> chunks, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.model = model;
        this.threads = threads;
        this.chunks = List.copyOf(chunks);
        int c = chunks.size();
        queryIds = new int[c][];
        for (int i = 0; i < c; i++) queryIds[i] = model.tokenizer().encode(chunks.get(i).query());
        exactChunks = embedAll(i -> chunks.get(i).ids(), AttentionPlan.EXACT);
        exactQueries = embedAll(i -> queryIds[i], AttentionPlan.EXACT);
        exactTop = new int[c][];
        for (int i = 0; i < c; i++) exactTop[i] = topK(exactQueries[i], exactChunks, 10);
    }

    /** The exact baseline row (self-retrieval of exact embeddings; everything else is 1 by definition). */
    public EvalRow exactRow() {
        double self = 0, avg = 0, den = 0;
        for (int i = 0; i < chunks.size(); i++) {
            if (exactTop[i][0] == i) self++;
            int n = chunks.get(i).ids().length;
            avg += (double) n * n;
            den += n;
        }
        return new EvalRow("exact", "exact", Double.NaN, avg / den, 1, 1, 1, 1, 1, self / chunks.size(), 0);
    }

    public EvalRow evaluate(EvalPolicy p) {
        long t0 = System.nanoTime();
        LongAdder rows = new LongAdder(), kept = new LongAdder();
        DoubleAdder frac = new DoubleAdder();
        SelectionObserver obs = (head, row, visible, k, count, mass) -> { rows.increment(); kept.add(count); frac.add((double) count / visible); };
        AttentionPlan measured = p.plan().observedBy(layer -> obs);
        int c = chunks.size();
        float[][] sc = embedAll(i -> chunks.get(i).ids(), measured);
        double cosSum = 0, cosMin = 1;
        for (int i = 0; i < c; i++) {
            double cos = BertModel.cosine(sc[i], exactChunks[i]);
            cosSum += cos;
            cosMin = Math.min(cosMin, cos);
        }
        long chunkRows = rows.sum(), chunkKept = kept.sum();
        double chunkFrac = frac.sum();
        float[][] sq = embedAll(i -> queryIds[i], p.plan());
        double r1 = 0, r10 = 0, self = 0;
        for (int i = 0; i < c; i++) {
            int[] top = topK(sq[i], sc, 10);
            if (top[0] == exactTop[i][0]) r1++;
            if (top[0] == i) self++;
            int common = 0;
            for (int a : top) for (int b : exactTop[i]) if (a == b) common++;
            r10 += common / (double) Math.min(10, c);
        }
        return new EvalRow(p.family(), p.label(), p.target(), chunkRows == 0 ? Double.NaN : (double) chunkKept / chunkRows,
                chunkRows == 0 ? Double.NaN : chunkFrac / chunkRows, cosSum / c, cosMin, r1 / c, r10 / c, self / c, (System.nanoTime() - t0) / 1e9);
    }

    /** Embeds item i (ids from {@code ids}) for every i, spread over the workers. */
    private float[][] embedAll(java.util.function.IntFunction<int[]> ids, AttentionPlan plan) {
        int c = chunks.size();
        float[][] out = new float[c][];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        Runnable worker = () -> {
            var enc = model.encoder(1);
            for (int i; (i = next.getAndIncrement()) < c; ) out[i] = model.embedIds(ids.apply(i), plan, enc);
        };
        List<Thread> ts = new ArrayList<>();
        for (int t = 1; t < threads; t++) ts.add(Thread.ofPlatform().start(worker));
        worker.run();
        for (Thread t : ts) {
            try { t.join(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); throw new IllegalStateException(e); }
        }
        for (int i = 0; i < c; i++) if (out[i] == null) throw new IllegalStateException("embedding " + i + " failed in a worker");
        return out;
    }

    /** Indices of the k most cosine-similar vectors (vectors are unit length: dot product). */
    static int[] topK(float[] q, float[][] docs, int k) {
        int m = Math.min(k, docs.length);
        int[] idx = new int[m];
        double[] best = new double[m];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (int d = 0; d < docs.length; d++) {
            double s = 0;
            for (int j = 0; j < q.length; j++) s += (double) q[j] * docs[d][j];
            if (s <= best[m - 1]) continue;
            int pos = m - 1;
            while (pos > 0 && best[pos - 1] < s) { best[pos] = best[pos - 1]; idx[pos] = idx[pos - 1]; pos--; }
            best[pos] = s;
            idx[pos] = d;
        }
        return idx;
    }

    public int[] chunkLengths() {
        int[] n = new int[chunks.size()];
        for (int i = 0; i < n.length; i++) n[i] = chunks.get(i).ids().length;
        return n;
    }

    public List<Chunker.Chunk> chunks() { return chunks; }

    /** Policy list: for each target budget, fixed, power C=0.5, per-head fitted (if fits given), sinkWindow; plus mass(τ) points. */
    public static List<EvalPolicy> policies(BudgetCalibration cal, double[] targets, double[] massTaus, org.ncsparse.lab.profile.PowerFit[][] fits) {
        List<EvalPolicy> out = new ArrayList<>();
        for (double t : targets) {
            out.add(cal.fixed(t));
            out.add(cal.power(t, 0.5));
            if (fits != null) out.add(cal.perHead(t, fits));
            out.add(cal.sinkWindow(t));
        }
        for (double tau : massTaus)
            out.add(new EvalPolicy("mass", "mass:" + tau, Double.NaN, AttentionPlan.uniform(org.ncsparse.budget.BudgetPolicy.mass(tau))));
        return out;
    }
}
