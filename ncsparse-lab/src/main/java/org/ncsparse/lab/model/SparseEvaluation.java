package org.ncsparse.lab.model;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.model.bert.AttentionPlan;
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

    public SparseEvaluation(BertModel model, List<Chunker.Chunk> chunks) {
        this.model = model;
        this.chunks = List.copyOf(chunks);
        int c = chunks.size();
        exactChunks = new float[c][];
        exactQueries = new float[c][];
        queryIds = new int[c][];
        for (int i = 0; i < c; i++) {
            exactChunks[i] = model.embedIds(chunks.get(i).ids(), AttentionPlan.EXACT);
            queryIds[i] = model.tokenizer().encode(chunks.get(i).query());
            exactQueries[i] = model.embedIds(queryIds[i], AttentionPlan.EXACT);
        }
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
        float[][] sc = new float[c][], sq = new float[c][];
        double cosSum = 0, cosMin = 1;
        for (int i = 0; i < c; i++) {
            sc[i] = model.embedIds(chunks.get(i).ids(), measured);
            double cos = BertModel.cosine(sc[i], exactChunks[i]);
            cosSum += cos;
            cosMin = Math.min(cosMin, cos);
        }
        long chunkRows = rows.sum(), chunkKept = kept.sum();
        double chunkFrac = frac.sum();
        for (int i = 0; i < c; i++) sq[i] = model.embedIds(queryIds[i], p.plan());
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
