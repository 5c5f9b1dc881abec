package org.ncsparse.model.bert;
import org.ncsparse.model.block.QkListener;
import org.ncsparse.model.block.AttentionPlan;
import org.ncsparse.model.block.Activations;
import org.ncsparse.model.block.Gemm;

import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.NonFinitePolicy;
import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.exec.ParallelRunner;

import java.util.Objects;

/**
 * Forward pass of a BERT encoder for one sequence (no padding, so no mask):
 * <pre>
 *   x = LN(E_word[id] + E_pos[i] + E_type[0])
 *   per layer:  Q,K,V = x W_{q,k,v} + b;  A_h = attention(Q_h, K_h, V_h) with scale 1/√d_h
 *               x = LN(x + concat_h(A_h) W_o + b_o);  x = LN(x + GELU(x W_i + b_i) W_f + b_f)
 * </pre>
 * Attention goes through the core's {@link Attention} with the plan's budget per layer and head; its
 * inputs are the encoder's own activations, so the per-call non-finite scan is skipped (PROPAGATE).
 */
public final class BertEncoder {
    private final BertWeights w;
    private final Packed[] packed;
    private final int threads;

    /** The six weight matrices of one layer, packed for {@link Gemm}. */
    record Packed(Gemm.Packed qkv, float[] qkvBias, Gemm.Packed o, Gemm.Packed i, Gemm.Packed f) {
        /** Q, K and V share their input, so their weights are fused into one [h][3h] product. */
        static Packed[] of(BertWeights w) {
            int h = w.config().hidden(), f = w.config().ffn();
            Packed[] out = new Packed[w.layers().size()];
            for (int l = 0; l < out.length; l++) {
                LayerWeights lw = w.layers().get(l);
                float[] qkv = new float[h * 3 * h], bias = new float[3 * h];
                for (int r = 0; r < h; r++) {
                    System.arraycopy(lw.wq(), r * h, qkv, r * 3 * h, h);
                    System.arraycopy(lw.wk(), r * h, qkv, r * 3 * h + h, h);
                    System.arraycopy(lw.wv(), r * h, qkv, r * 3 * h + 2 * h, h);
                }
                System.arraycopy(lw.bq(), 0, bias, 0, h);
                System.arraycopy(lw.bk(), 0, bias, h, h);
                System.arraycopy(lw.bv(), 0, bias, 2 * h, h);
                out[l] = new Packed(Gemm.pack(qkv, h, 3 * h), bias, Gemm.pack(lw.wo(), h, h), Gemm.pack(lw.wi(), h, f), Gemm.pack(lw.wf(), f, h));
            }
            return out;
        }
    }

    public BertEncoder(BertWeights weights, int threads) {
        this(weights, Packed.of(Objects.requireNonNull(weights, "weights")), threads);
    }

    /** Shares already packed weights (one copy for many single-threaded encoders). */
    BertEncoder(BertWeights weights, Packed[] packed, int threads) {
        this.w = Objects.requireNonNull(weights, "weights");
        this.packed = packed;
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
    }

    Packed[] packed() { return packed; }

    public BertConfig config() { return w.config(); }

    /** Final hidden states [n][hidden] of token ids {@code ids} (n = ids.length, 1..positions). */
    public float[] hiddenStates(int[] ids, AttentionPlan plan, QkListener listener) {
        BertConfig c = w.config();
        int n = ids.length, h = c.hidden(), heads = c.heads(), dh = c.headDim(), f = c.ffn();
        if (n < 1 || n > c.positions()) throw new IllegalArgumentException("ids length must be in [1, " + c.positions() + "], got " + n);
        if (plan == null) plan = AttentionPlan.EXACT;
        float[] x = new float[n * h];
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            if (id < 0 || id >= c.vocab()) throw new IllegalArgumentException("token id " + id + " at " + i + " outside vocabulary [0, " + c.vocab() + ")");
            for (int j = 0; j < h; j++) x[i * h + j] = w.wordEmbeddings()[id * h + j] + w.positionEmbeddings()[i * h + j] + w.typeEmbeddings()[j];
        }
        Activations.layerNorm(x, n, h, w.embGamma(), w.embBeta(), c.layerNormEps());
        float[] qkv = new float[n * 3 * h];
        float[] qh = new float[n * h], kh = new float[n * h], vh = new float[n * h], ctx = new float[n * h];
        float[] tmp = new float[n * h], inter = new float[n * f];
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            Packed pw = packed[l];
            Gemm.matmul(x, n, pw.qkv(), pw.qkvBias(), qkv, threads);   // [n][q | k | v]
            forRowChunks(n, (r0, r1) -> {
                toHeads(qkv, 3 * h, 0, qh, r0, r1, n, heads, dh);
                toHeads(qkv, 3 * h, h, kh, r0, r1, n, heads, dh);
                toHeads(qkv, 3 * h, 2 * h, vh, r0, r1, n, heads, dh);
            });
            if (listener != null) listener.onLayer(l, qh, kh, heads, n, dh, c.scoreScale());
            float[] out = attend(l, qh, kh, vh, n, heads, dh, c.scoreScale(), plan);
            forRowChunks(n, (r0, r1) -> fromHeads(out, ctx, r0, r1, n, heads, dh));
            Gemm.matmul(ctx, n, pw.o(), lw.bo(), tmp, threads);
            addAndNormalise(x, tmp, n, h, lw.ln1Gamma(), lw.ln1Beta(), c.layerNormEps());
            Gemm.matmul(x, n, pw.i(), lw.bi(), inter, threads);
            forRowChunks(n, (r0, r1) -> Activations.gelu(inter, r0 * f, r1 * f));
            Gemm.matmul(inter, n, pw.f(), lw.bf(), tmp, threads);
            addAndNormalise(x, tmp, n, h, lw.ln2Gamma(), lw.ln2Beta(), c.layerNormEps());
        }
        return x;
    }

    /** x = LayerNorm(x + residual) row by row, rows split over the threads. */
    private void addAndNormalise(float[] x, float[] residual, int n, int h, float[] gamma, float[] beta, float eps) {
        forRowChunks(n, (r0, r1) -> {
            for (int i = r0 * h; i < r1 * h; i++) x[i] += residual[i];
            Activations.layerNorm(x, r0, r1, h, gamma, beta, eps);
        });
    }

    /** Runs body(r0, r1) over [0, n) in one chunk per thread (inline when single-threaded or tiny). */
    private void forRowChunks(int n, RowRange body) {
        int chunks = Math.min(threads, Math.max(1, n / 16));
        if (chunks == 1) { body.run(0, n); return; }
        ParallelRunner.forEach(chunks, threads, t -> body.run(n * t / chunks, n * (t + 1) / chunks));
    }

    @FunctionalInterface
    private interface RowRange { void run(int r0, int r1); }

    /** One layer's attention: one core call when every head shares a budget, else one call per head. */
    private float[] attend(int layer, float[] q, float[] k, float[] v, int n, int heads, int dh, float scale, AttentionPlan plan) {
        SelectionObserver obs = plan.observer(layer);
        BudgetPolicy first = plan.budget(layer, 0);
        boolean uniform = true;
        for (int hd = 1; hd < heads && uniform; hd++) uniform = Objects.equals(first, plan.budget(layer, hd));
        if (uniform) {
            return Attention.compute(AttentionRequest.builder().query(q, heads, n, dh).keys(k, heads, n).values(v, dh)
                    .scale(scale).budget(first).observer(obs).threads(threads).nonFinite(NonFinitePolicy.PROPAGATE).build());
        }
        float[] out = new float[heads * n * dh];
        int len = n * dh;
        for (int hd = 0; hd < heads; hd++) {
            float[] qs = java.util.Arrays.copyOfRange(q, hd * len, (hd + 1) * len);
            float[] ks = java.util.Arrays.copyOfRange(k, hd * len, (hd + 1) * len);
            float[] vs = java.util.Arrays.copyOfRange(v, hd * len, (hd + 1) * len);
            int head = hd;
            SelectionObserver o = obs == null ? null : (hh, row, vis, kept, cnt, mass) -> obs.onRow(head, row, vis, kept, cnt, mass);
            float[] r = Attention.compute(AttentionRequest.builder().query(qs, 1, n, dh).keys(ks, 1, n).values(vs, dh)
                    .scale(scale).budget(plan.budget(layer, hd)).observer(o).threads(threads).nonFinite(NonFinitePolicy.PROPAGATE).build());
            System.arraycopy(r, 0, out, hd * len, len);
        }
        return out;
    }

    /** Columns [offset, offset + heads·dh) of src [n][stride] → [heads][n][dh], for rows [r0, r1). */
    static void toHeads(float[] src, int stride, int offset, float[] dst, int r0, int r1, int n, int heads, int dh) {
        for (int i = r0; i < r1; i++)
            for (int hd = 0; hd < heads; hd++)
                System.arraycopy(src, i * stride + offset + hd * dh, dst, (hd * n + i) * dh, dh);
    }

    /** [heads][n][dh] → [n][heads·dh], for rows [r0, r1). */
    static void fromHeads(float[] src, float[] dst, int r0, int r1, int n, int heads, int dh) {
        for (int hd = 0; hd < heads; hd++)
            for (int i = r0; i < r1; i++)
                System.arraycopy(src, (hd * n + i) * dh, dst, i * heads * dh + hd * dh, dh);
    }
}
