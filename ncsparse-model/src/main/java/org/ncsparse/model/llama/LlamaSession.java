package org.ncsparse.model.llama;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.decode.DecodeAttention;
import org.ncsparse.decode.DecodeStats;
import org.ncsparse.decode.PageSelection;
import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.model.block.MatVec;
import org.ncsparse.model.block.RmsNorm;
import org.ncsparse.model.block.Rope;
import org.ncsparse.model.block.SwiGlu;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.AttentionProbe;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LogitsSink;
import org.ncsparse.model.llm.SessionStats;
import org.ncsparse.model.tensor.WeightMatrix;

/**
 * The Llama forward pass over NcSparse's paged KV cache, for one sequence. Per block (layer l):
 * <pre>
 *   h   = rmsnorm(x) ⊙ w_attn_norm
 *   q   = Wq·h + bq,  k = Wk·h + bk,  v = Wv·h + bv         (bias only in Qwen2-style checkpoints)
 *   q,k ← rope(q, k, position)
 *   cache ← (k, v);  a = softmax(q·Kᵀ / √hd) · V per head   (exact, top-k or page-selected)
 *   x  += Wo·a
 *   h   = rmsnorm(x) ⊙ w_ffn_norm
 *   x  += Wdown · (silu(Wgate·h) ⊙ (Wup·h))
 * </pre>
 * then logits = Wout · (rmsnorm(x) ⊙ w_norm). Query head h reads kv head h / (heads / kvHeads).
 *
 * <p>Prefill runs the prompt in blocks of {@link #blockRows} rows (matrix products over the block,
 * causal attention of the block's rows over every cached key through the core's {@code Attention},
 * the budget applied per row with n = its visible keys). Decode steps run one token through
 * {@code DecodeAttention} (exact, top-k with n = cache length, or page-selected). The cache holds one
 * {@link PagedKvCache} per (layer, kv head), so decode attention runs the kv heads on parallel threads.
 */
final class LlamaSession implements DecoderSession {
    /** Prompt rows per prefill block: the matrix products' row count, bounding activation memory. */
    static final int PREFILL_ROWS = 64;
    /** Rows per block for long prompts: fewer copies of the cached keys and values per block (see {@link PrefillAttention}). */
    static final int LONG_PREFILL_ROWS = 256, LONG_PROMPT = 2048;
    /** Rows whose logits are computed together when a sink wants every position's logits. */
    private static final int LOGIT_ROWS = 16;

    private final LlamaConfig c;
    private final LlamaWeights w;
    private final Rope rope;
    private final DecodeOptions opt;
    private final int threads, hd, half, group;
    private final float eps, scale;
    private final PagedKvCache[][] cache; // [layer][kvHead], each with d = dv = headDim
    private final BudgetPolicy budget;
    private final CountBudget pageBudget; // non-null for the page selector
    private final PageSelection pageSelection = PageSelection.defaults();
    private int length;

    // decode-step buffers
    private final float[] x, xb, q, k, v, att, gate, up, logits, cos, sin; // (hidden) (hidden) (qDim) (kvDim) (kvDim) (qDim) (ffn) (ffn) (vocab) (hd/2) (hd/2)
    private final float[][] qkv, gateUp;
    private final WeightMatrix[][] qkvW, gateUpW;
    private final float[][] kHead, vHead, qGroup, outGroup; // per kv head: (hd) (hd) (group·hd) (group·hd)
    private final DecodeStats[] groupStats;
    private float[] probeLogits = new float[0], probeKeys = new float[0];
    private final SelectionObserver[] keptObservers; // per kv head: copies the kept keys of its query heads
    private final int[][] keptKeys;                   // per query head: keys used by the last sparse step
    private final int[] keptCount;

    // prefill-block buffers, allocated on first prefill: row-major [rows][width]
    private float[] px, pxb, pq, pk, pv, patt, pgate, pup, pcos, psin, plogits;

    private long prefillTokens, prefillNanos, decodeTokens, decodeNanos, attentionNanos, certifiedRows, selectedRows;

    LlamaSession(LlamaModel model, DecodeOptions options) {
        this.c = model.config();
        this.w = model.weights();
        this.rope = model.rope();
        this.opt = options;
        AttentionMode mode = options.attention();
        budget = mode.budget();
        if (mode.selector() == AttentionMode.Selector.PAGES) {
            if (!(budget instanceof CountBudget cb))
                throw new IllegalArgumentException("--selector pages needs a count budget (fixed:K, power:A,C or log:A), got " + budget.spec());
            pageBudget = cb;
        } else pageBudget = null;
        threads = options.threads();
        hd = c.headDim(); half = hd / 2; group = c.heads() / c.kvHeads();
        eps = (float) c.rmsEps();
        scale = (float) (1 / Math.sqrt(hd));
        KvStorage storage = KvStorage.valueOf(options.kvType().name()); // keys and values rounded to it on append
        cache = new PagedKvCache[c.layers()][c.kvHeads()];
        for (PagedKvCache[] layer : cache)
            for (int g = 0; g < layer.length; g++) layer[g] = new PagedKvCache(1, hd, hd, Math.min(options.pageSize(), 4096), storage);
        x = new float[c.hidden()]; xb = new float[c.hidden()];
        q = new float[c.qDim()]; k = new float[c.kvDim()]; v = new float[c.kvDim()]; att = new float[c.qDim()];
        gate = new float[c.ffn()]; up = new float[c.ffn()]; logits = new float[c.vocab()];
        cos = new float[half]; sin = new float[half];
        qkv = new float[][] {q, k, v};
        gateUp = new float[][] {gate, up};
        qkvW = new WeightMatrix[c.layers()][];
        gateUpW = new WeightMatrix[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            LlamaWeights.Layer L = w.layers()[l];
            qkvW[l] = new WeightMatrix[] {L.wq(), L.wk(), L.wv()};
            gateUpW[l] = new WeightMatrix[] {L.gate(), L.up()};
        }
        kHead = new float[c.kvHeads()][hd]; vHead = new float[c.kvHeads()][hd];
        qGroup = new float[c.kvHeads()][group * hd]; outGroup = new float[c.kvHeads()][group * hd];
        groupStats = new DecodeStats[c.kvHeads()];
        for (int g = 0; g < groupStats.length; g++) groupStats[g] = new DecodeStats(group);
        keptKeys = new int[c.heads()][0];
        keptCount = new int[c.heads()];
        keptObservers = new SelectionObserver[c.kvHeads()];
        for (int g = 0; g < keptObservers.length; g++) {
            int first = g * group; // the group's first query head
            keptObservers[g] = (h, row, visible, kept, count, keptMass) -> {
                int head = first + h;
                if (keptKeys[head].length < count) keptKeys[head] = new int[Math.max(count, 2 * keptKeys[head].length)];
                System.arraycopy(kept, 0, keptKeys[head], 0, count);
                keptCount[head] = count;
            };
        }
    }

    @Override public int length() { return length; }

    @Override public SessionStats stats() {
        return new SessionStats(prefillTokens, prefillNanos, decodeTokens, decodeNanos, attentionNanos, certifiedRows, selectedRows);
    }

    // ---------------------------------------------------------------- decode

    @Override public float[] step(int id) {
        checkIds(new int[] {id});
        long t0 = System.nanoTime();
        int pos = length;
        w.embed().row(id, x, 0);                        // x = embed[id]              (hidden)
        rope.angles(pos, cos, sin, 0);                   // cos, sin of pos·θ_i        (hd/2)
        AttentionProbe probe = opt.probe() != null && opt.probe().active() ? opt.probe() : null;
        for (int l = 0; l < c.layers(); l++) {
            LlamaWeights.Layer L = w.layers()[l];
            RmsNorm.apply(x, 0, L.attnNorm(), eps, xb, 0);          // xb = rmsnorm(x)      (hidden)
            MatVec.apply(qkvW[l], xb, qkv, threads);                // q (qDim), k, v (kvDim)
            addBias(q, 0, L.bq(), 1); addBias(k, 0, L.bk(), 1); addBias(v, 0, L.bv(), 1);
            rope.rotate(q, 0, c.heads(), cos, sin, 0);
            rope.rotate(k, 0, c.kvHeads(), cos, sin, 0);
            for (int g = 0; g < c.kvHeads(); g++) {                  // cache[l][g] ← (k_g, v_g)
                System.arraycopy(k, g * hd, kHead[g], 0, hd);
                System.arraycopy(v, g * hd, vHead[g], 0, hd);
                cache[l][g].append(kHead[g], vHead[g]);
            }
            long a0 = System.nanoTime();
            attendOneToken(l, probe != null);                       // att = attention(q)   (qDim)
            attentionNanos += System.nanoTime() - a0;
            if (probe != null) probe(l, pos, probe);
            MatVec.apply(L.wo(), att, xb, threads);                 // xb = Wo·att          (hidden)
            addBias(xb, 0, L.bo(), 1);
            add(x, xb, c.hidden());                                 // x += xb
            RmsNorm.apply(x, 0, L.ffnNorm(), eps, xb, 0);
            MatVec.apply(gateUpW[l], xb, gateUp, threads);          // gate, up             (ffn)
            SwiGlu.apply(gate, up, c.ffn());                        // gate = silu(gate)·up
            MatVec.apply(L.down(), gate, xb, threads);              // xb = Wdown·gate      (hidden)
            add(x, xb, c.hidden());
        }
        RmsNorm.apply(x, 0, w.norm(), eps, xb, 0);
        MatVec.apply(w.output(), xb, logits, threads);              // logits               (vocab)
        length++;
        decodeTokens++;
        decodeNanos += System.nanoTime() - t0;
        return logits.clone();
    }

    /**
     * Attention of the current token's q over cache[layer], one task per kv head (its query group);
     * with observe, sparse modes record each query head's kept keys (for the probe).
     */
    private void attendOneToken(int layer, boolean observe) {
        ParallelRunner.forEach(c.kvHeads(), threads, g -> {
            float[] qg = qGroup[g], og = outGroup[g];
            System.arraycopy(q, g * group * hd, qg, 0, group * hd);
            PagedKvCache kv = cache[layer][g];
            SelectionObserver observer = observe ? keptObservers[g] : null;
            if (budget == null) DecodeAttention.exact(kv, qg, group, scale, og);
            else if (pageBudget == null) DecodeAttention.topK(kv, qg, group, scale, budget, og, observer);
            else DecodeAttention.pageSelected(kv, qg, group, scale, pageBudget, pageSelection, og, groupStats[g], observer);
            System.arraycopy(og, 0, att, g * group * hd, group * hd);
        });
        if (pageBudget != null) {
            for (DecodeStats s : groupStats)
                for (int h = 0; h < group; h++) { selectedRows++; if (s.certified(h)) certifiedRows++; }
        }
    }

    /** Exact scaled logits q_h·k_j·scale of every cached key, for every query head, to the probe; then the kept keys of sparse modes. */
    private void probe(int layer, int pos, AttentionProbe probe) {
        int n = length + 1;
        if (probeLogits.length < n) probeLogits = new float[Math.max(n, 2 * probeLogits.length)];
        for (int h = 0; h < c.heads(); h++) {
            PagedKvCache kv = cache[layer][h / group];
            int ps = kv.pageSize(), qOff = h * hd;
            if (probeKeys.length < hd * ps) probeKeys = new float[hd * ps];
            for (int p = 0, pages = kv.pages(); p < pages; p++) {
                float[] kp = kv.keyPageFloats(0, p, probeKeys);
                for (int s = 0, len = kv.pageLength(p); s < len; s++) {
                    float dot = 0;
                    for (int cc = 0; cc < hd; cc++) dot += q[qOff + cc] * kp[cc * ps + s];
                    probeLogits[p * ps + s] = dot * scale;
                }
            }
            probe.onRow(layer, h, pos, probeLogits, n);
            if (budget != null) probe.onKept(layer, h, pos, keptKeys[h], keptCount[h]);
        }
    }

    // ---------------------------------------------------------------- prefill

    @Override public float[] prefill(int[] ids, LogitsSink sink) {
        if (ids == null || ids.length == 0) throw new IllegalArgumentException("ids must hold at least one token id");
        checkIds(ids);
        long t0 = System.nanoTime();
        int block = blockRows(ids.length);
        allocatePrefill(block);
        for (int b = 0; b < ids.length; b += block) {
            int m = Math.min(block, ids.length - b);
            prefillBlock(ids, b, m);
            if (sink != null) {
                for (int r0 = 0; r0 < m; r0 += LOGIT_ROWS) {
                    int rows = Math.min(LOGIT_ROWS, m - r0);
                    logitRows(r0, rows);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(plogits, r * c.vocab(), logits, 0, c.vocab());
                        sink.accept(length - m + r0 + r, logits);
                    }
                }
            } else if (b + m == ids.length) {
                logitRows(m - 1, 1);
                System.arraycopy(plogits, 0, logits, 0, c.vocab());
            }
        }
        prefillTokens += ids.length;
        prefillNanos += System.nanoTime() - t0;
        return logits.clone();
    }

    /** Runs rows ids[b .. b+m) through every layer; their keys and values end up in the cache. */
    private void prefillBlock(int[] ids, int b, int m) {
        int p0 = length, H = c.hidden(), Q = c.qDim(), KV = c.kvDim(), F = c.ffn();
        for (int r = 0; r < m; r++) {
            w.embed().row(ids[b + r], px, r * H);                  // px = embed rows    (m, hidden)
            rope.angles(p0 + r, pcos, psin, r * half);              // angles per row     (m, hd/2)
        }
        for (int l = 0; l < c.layers(); l++) {
            LlamaWeights.Layer L = w.layers()[l];
            RmsNorm.rows(px, m, L.attnNorm(), eps, pxb);            // pxb                (m, hidden)
            L.wq().matMul(pxb, 0, m, pq, 0, threads);               // pq                 (m, qDim)
            L.wk().matMul(pxb, 0, m, pk, 0, threads);               // pk, pv             (m, kvDim)
            L.wv().matMul(pxb, 0, m, pv, 0, threads);
            addBias(pq, 0, L.bq(), m); addBias(pk, 0, L.bk(), m); addBias(pv, 0, L.bv(), m);
            for (int r = 0; r < m; r++) {
                rope.rotate(pq, r * Q, c.heads(), pcos, psin, r * half);
                rope.rotate(pk, r * KV, c.kvHeads(), pcos, psin, r * half);
                for (int g = 0; g < c.kvHeads(); g++) {
                    System.arraycopy(pk, r * KV + g * hd, kHead[g], 0, hd);
                    System.arraycopy(pv, r * KV + g * hd, vHead[g], 0, hd);
                    cache[l][g].append(kHead[g], vHead[g]);
                }
            }
            PrefillAttention.run(cache[l], pq, m, c.heads(), hd, p0, scale, budget, threads, patt);  // patt (m, qDim)
            L.wo().matMul(patt, 0, m, pxb, 0, threads);             // pxb = att·Woᵀ      (m, hidden)
            addBias(pxb, 0, L.bo(), m);
            add(px, pxb, m * H);
            RmsNorm.rows(px, m, L.ffnNorm(), eps, pxb);
            L.gate().matMul(pxb, 0, m, pgate, 0, threads);          // pgate, pup         (m, ffn)
            L.up().matMul(pxb, 0, m, pup, 0, threads);
            SwiGlu.apply(pgate, pup, m * F);
            L.down().matMul(pgate, 0, m, pxb, 0, threads);          // pxb                (m, hidden)
            add(px, pxb, m * H);
        }
        length += m;
    }

    /** plogits[0 .. rows) = logits of block rows r0 .. r0+rows (after the final norm). Clobbers pxb. */
    private void logitRows(int r0, int rows) {
        int H = c.hidden();
        for (int r = 0; r < rows; r++) RmsNorm.apply(px, (r0 + r) * H, w.norm(), eps, pxb, r * H);
        w.output().matMul(pxb, 0, rows, plogits, 0, threads);     // plogits            (rows, vocab)
    }

    /**
     * Rows per prefill block: 64, or 256 from 2048 prompt tokens on. Each block copies the n cached keys
     * and values once per layer for the core's dense attention call; bigger blocks for long prompts make
     * that copy 4× rarer, at 4× the activation memory (a few tens of MB at 1B-model widths).
     */
    static int blockRows(int promptLength) { return promptLength >= LONG_PROMPT ? LONG_PREFILL_ROWS : PREFILL_ROWS; }

    private void allocatePrefill(int B) {
        if (px != null && px.length >= B * c.hidden()) return;
        px = new float[B * c.hidden()]; pxb = new float[B * c.hidden()];
        pq = new float[B * c.qDim()]; pk = new float[B * c.kvDim()]; pv = new float[B * c.kvDim()]; patt = new float[B * c.qDim()];
        pgate = new float[B * c.ffn()]; pup = new float[B * c.ffn()];
        pcos = new float[B * half]; psin = new float[B * half];
        plogits = new float[LOGIT_ROWS * c.vocab()];
    }

    // ---------------------------------------------------------------- helpers

    /** Checks ids and room in the cache before anything changes, so a bad call leaves the session as it was. */
    private void checkIds(int[] ids) {
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= c.vocab())
                throw new IllegalArgumentException("token id " + ids[i] + " at index " + i + " is outside the vocabulary [0, " + c.vocab() + ")");
        long end = (long) length + ids.length;
        if (end > opt.maxContext())
            throw new IllegalArgumentException("the session holds at most maxContext = " + opt.maxContext() + " tokens; "
                    + length + " cached + " + ids.length + " new would exceed it");
        if (c.slidingWindow() > 0 && end > c.slidingWindow())
            throw new IllegalArgumentException("position " + (end - 1) + " is beyond the model's sliding_window of " + c.slidingWindow()
                    + " tokens: windowed attention is not implemented, so contexts are limited to the window");
    }

    /** rows × width: y[r][i] += bias[i] (no-op when bias is null). */
    private static void addBias(float[] y, int off, float[] bias, int rows) {
        if (bias == null) return;
        for (int r = 0, width = bias.length; r < rows; r++)
            for (int i = 0; i < width; i++) y[off + r * width + i] += bias[i];
    }

    private static void add(float[] x, float[] y, int length) {
        for (int i = 0; i < length; i++) x[i] += y[i];
    }
}
