package org.ncsparse.model.llama;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.model.block.RmsNorm;
import org.ncsparse.model.block.Rope;
import org.ncsparse.model.block.SwiGlu;
import org.ncsparse.model.llm.LogitsSink;

/**
 * Prefill of a prompt, layer by layer over segments of {@link #SEGMENT_BLOCKS} blocks of rows: for each segment
 * and layer, (a) the norm, Q/K/V products and RoPE in blocks of {@link #blockRows} rows (the matrix
 * products' row count), each new key and value appended to the paged cache and written into the
 * dense K/V arrays that the attention reads; (b) one causal attention call for all the segment's rows
 * (the core's tiled kernels, spread over heads and row blocks on every thread); (c) the output
 * projection and the feed-forward block, again in blocks of rows. Only the segment's hidden states
 * [segment][hidden], its queries and attention outputs [heads][segment][hd] and one dense K/V pair
 * for the whole call [kvHeads][n][hd] are held, never per-layer copies.
 */
final class SegmentPrefill {
    /** Prompt rows per block of the matrix products: 64, or 256 from 2048 prompt tokens on. */
    static final int PREFILL_ROWS = 64, LONG_PREFILL_ROWS = 256, LONG_PROMPT = 2048;
    /** Blocks per segment: 16 × 256 rows = 4096 rows of activations (about 100 MB at 1B-model widths). */
    static final int SEGMENT_BLOCKS = 16;
    /** Rows whose logits are computed together when a sink wants every position's logits. */
    private static final int LOGIT_ROWS = 16;

    private final LlamaConfig c;
    private final LlamaWeights w;
    private final Rope rope;
    private final PagedKvCache[][] cache;
    private final BudgetPolicy budget;
    private final int threads, hd, half, block, segment;
    private final float eps, scale;
    private final float[] kHead, vHead, px, pxb, pq, pk, pv, patt, pgate, pup, pcos, psin, plogits;
    private float[] qh, oh; // [heads][S][hd], sized for the segment at hand

    SegmentPrefill(LlamaConfig c, LlamaWeights w, Rope rope, PagedKvCache[][] cache, BudgetPolicy budget, int threads, int promptLength) {
        this.c = c; this.w = w; this.rope = rope; this.cache = cache; this.budget = budget; this.threads = threads;
        hd = c.headDim(); half = hd / 2;
        eps = (float) c.rmsEps();
        scale = (float) (1 / Math.sqrt(hd));
        block = blockRows(promptLength);
        segment = Math.min(promptLength, block * SEGMENT_BLOCKS);
        int B = Math.min(block, promptLength);
        px = new float[segment * c.hidden()]; pxb = new float[B * c.hidden()];
        pq = new float[B * c.qDim()]; pk = new float[B * c.kvDim()]; pv = new float[B * c.kvDim()]; patt = new float[B * c.qDim()];
        pgate = new float[B * c.ffn()]; pup = new float[B * c.ffn()];
        pcos = new float[segment * half]; psin = new float[segment * half];
        plogits = new float[LOGIT_ROWS * c.vocab()];
        kHead = new float[hd]; vHead = new float[hd];
    }

    static int blockRows(int promptLength) { return promptLength >= LONG_PROMPT ? LONG_PREFILL_ROWS : PREFILL_ROWS; }

    /**
     * Appends ids after the {@code start} tokens already cached. The sink, if any, gets the logits of
     * every new position; {@code logits} receives those of the last one.
     */
    void run(int[] ids, int start, LogitsSink sink, float[] logits) {
        int n = start + ids.length, H = c.hidden(), V = c.vocab();
        float[] keys = new float[Math.multiplyExact(c.kvHeads() * n, hd)], values = new float[keys.length]; // (kvHeads, n, hd)
        for (int s0 = 0; s0 < ids.length; s0 += segment) {
            int S = Math.min(segment, ids.length - s0), p0 = start + s0;
            for (int r = 0; r < S; r++) {
                w.embed().row(ids[s0 + r], px, r * H);               // px = embed rows     (S, hidden)
                rope.angles(p0 + r, pcos, psin, r * half);            // angles per row      (S, hd/2)
            }
            if (qh == null || qh.length != c.heads() * S * hd) { qh = new float[c.heads() * S * hd]; oh = new float[qh.length]; }
            for (int l = 0; l < c.layers(); l++) layer(l, S, p0, keys, values, n);
            if (sink != null) {
                for (int r0 = 0; r0 < S; r0 += LOGIT_ROWS) {
                    int rows = Math.min(LOGIT_ROWS, S - r0);
                    logitRows(r0, rows);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(plogits, r * V, logits, 0, V);
                        sink.accept(p0 + r0 + r, logits);
                    }
                }
            } else if (s0 + S == ids.length) {
                logitRows(S - 1, 1);
                System.arraycopy(plogits, 0, logits, 0, V);
            }
        }
    }

    /** Segment rows [0, S) at positions p0 .. p0+S−1 through layer l; keys/values are (kvHeads, n, hd). */
    private void layer(int l, int S, int p0, float[] keys, float[] values, int n) {
        LlamaWeights.Layer L = w.layers()[l];
        int H = c.hidden(), Q = c.qDim(), KV = c.kvDim(), F = c.ffn(), heads = c.heads(), kvHeads = c.kvHeads();
        PagedKvCache[] kv = cache[l];
        for (int g = 0; g < kvHeads; g++) PrefillAttention.copyPrefix(kv[g], p0, keys, values, g * n * hd, hd);
        for (int b0 = 0; b0 < S; b0 += block) {
            int m = Math.min(block, S - b0);
            normRows(b0, m, L.attnNorm());                             // pxb                (m, hidden)
            L.wq().matMul(pxb, 0, m, pq, 0, threads);                 // pq                 (m, qDim)
            L.wk().matMul(pxb, 0, m, pk, 0, threads);                 // pk, pv             (m, kvDim)
            L.wv().matMul(pxb, 0, m, pv, 0, threads);
            LlamaSession.addBias(pq, 0, L.bq(), m); LlamaSession.addBias(pk, 0, L.bk(), m); LlamaSession.addBias(pv, 0, L.bv(), m);
            for (int r = 0; r < m; r++) {
                int row = b0 + r, pos = p0 + row;
                rope.rotate(pq, r * Q, heads, pcos, psin, row * half);
                rope.rotate(pk, r * KV, kvHeads, pcos, psin, row * half);
                for (int h = 0; h < heads; h++) System.arraycopy(pq, r * Q + h * hd, qh, (h * S + row) * hd, hd);
                for (int g = 0; g < kvHeads; g++) {
                    System.arraycopy(pk, r * KV + g * hd, kHead, 0, hd);
                    System.arraycopy(pv, r * KV + g * hd, vHead, 0, hd);
                    kv[g].append(kHead, vHead);
                    KvStorage st = kv[g].storage(); // the attention reads keys and values as the cache stores them
                    for (int e = 0, o = (g * n + pos) * hd; e < hd; e++) { keys[o + e] = st.round(kHead[e]); values[o + e] = st.round(vHead[e]); }
                }
            }
        }
        PrefillAttention.run(qh, heads, S, hd, keys, values, kvHeads, n, p0, scale, budget, threads, oh); // oh (heads, S, hd)
        for (int b0 = 0; b0 < S; b0 += block) {
            int m = Math.min(block, S - b0);
            for (int r = 0; r < m; r++)
                for (int h = 0; h < heads; h++) System.arraycopy(oh, (h * S + b0 + r) * hd, patt, r * Q + h * hd, hd);
            L.wo().matMul(patt, 0, m, pxb, 0, threads);              // pxb = att·Woᵀ      (m, hidden)
            LlamaSession.addBias(pxb, 0, L.bo(), m);
            LlamaSession.add(px, b0 * H, pxb, m * H);
            normRows(b0, m, L.ffnNorm());
            L.gate().matMul(pxb, 0, m, pgate, 0, threads);           // pgate, pup         (m, ffn)
            L.up().matMul(pxb, 0, m, pup, 0, threads);
            swiGlu(m * F);
            L.down().matMul(pgate, 0, m, pxb, 0, threads);           // pxb                (m, hidden)
            LlamaSession.add(px, b0 * H, pxb, m * H);
        }
    }

    /** pgate[0 .. length) = silu(pgate) ⊙ pup, in chunks over the threads (one exp per element: a few % of a layer on one thread). */
    private void swiGlu(int length) {
        int tasks = Math.min(4 * threads, Math.max(1, length >> 14));
        ParallelRunner.forEach(tasks, threads, t -> SwiGlu.apply(pgate, pup, (int) ((long) length * t / tasks), (int) ((long) length * (t + 1) / tasks)));
    }

    /** pxb[0 .. m) = rmsnorm of segment rows b0 .. b0+m ⊙ weight. */
    private void normRows(int b0, int m, float[] weight) {
        for (int r = 0, H = c.hidden(); r < m; r++) RmsNorm.apply(px, (b0 + r) * H, weight, eps, pxb, r * H);
    }

    /** True when this prefill's buffers serve a prompt of {@code promptLength} tokens as a fresh one would. */
    boolean fits(int promptLength) {
        return blockRows(promptLength) == block && Math.min(promptLength, block * SEGMENT_BLOCKS) <= segment
                && Math.min(block, promptLength) * c.hidden() <= pxb.length;
    }

    /** plogits[0 .. rows) = logits of segment rows r0 .. r0+rows (after the final norm). Clobbers pxb. */
    private void logitRows(int r0, int rows) {
        int H = c.hidden();
        for (int r = 0; r < rows; r++) RmsNorm.apply(px, (r0 + r) * H, w.norm(), eps, pxb, r * H);
        w.output().matMul(pxb, 0, rows, plogits, 0, threads);      // plogits            (rows, vocab)
    }
}
