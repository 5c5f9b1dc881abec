package org.ncsparse.decode;

import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.kernel.RowOps;
import org.ncsparse.kernel.RowPipeline;

/**
 * The value side of decode attention over a cache's pages, for any {@link KvStorage}: value row j of
 * a kv head is row j % pageSize of page j / pageSize.
 */
final class PageValues {
    private PageValues() {}

    /** Per worker: a widened value row, and the per-head accumulators, sums and one-row holder of {@link #exact}. */
    private static final class Scratch {
        float[] row = new float[0];
        float[][] acc = new float[0][], one = new float[1][];
        double[] z = new double[0];

        float[] row(int n) { return row.length >= n ? row : (row = new float[n]); }

        float[][] acc(int heads, int dv) {
            if (z.length < heads) z = new double[heads];
            return acc = ScratchRows.ensure(acc, heads, dv);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Value rows for the {@link RowPipeline}. F32 pages are read in place. Half pages are widened one
     * row at a time into a per-thread row: {@code array(j)} widens row j and returns that row,
     * {@code offset(j)} is 0 — valid because the pipeline reads each row right after asking for it
     * ({@code axpy(w, array(j), offset(j), ...)}); used for kept rows only (top-k, page-selected).
     */
    static RowPipeline.Values of(PagedKvCache cache, int kv) {
        int ps = cache.pageSize(), dv = cache.dv();
        if (!cache.storage().half()) {
            return new RowPipeline.Values() {
                @Override public float[] array(int j) { return cache.valuePage(kv, j / ps); }
                @Override public int offset(int j) { return (j % ps) * dv; }
            };
        }
        boolean bf16 = cache.storage() == KvStorage.BF16;
        float[] row = SCRATCH.get().row(dv);
        return new RowPipeline.Values() {
            @Override public float[] array(int j) {
                HalfOps.widenRow(cache.valuePageBits(kv, j / ps), (j % ps) * dv, row, dv, bf16);
                return row;
            }
            @Override public int offset(int j) { return 0; }
        };
    }

    /** Exact attention's value side for one head's logits l[0..n): see {@link #exact(float[][], int, int, PagedKvCache, int, float[], int)}. */
    static void exact(float[] l, int n, PagedKvCache cache, int kv, float[] out, int outOff) {
        float[][] one = SCRATCH.get().one;
        one[0] = l;
        exact(one, 1, n, cache, kv, out, outOff);
        one[0] = null;
    }

    /**
     * Exact attention's value side for {@code heads} query heads of kv head kv, page by page (no row
     * copies; half pages through the widening axpy), each page's values read for every head while
     * they are in cache: out[outOff + g dv ..] = sum_j e^(l_gj - max_g) v_j / sum_j e^(l_gj - max_g)
     * over logits l[g][0..n), the row pipeline's exact steps in the same order per head (so F32
     * results are the pipeline's, bit for bit), one loop for every storage type. Overwrites each
     * l[g] with its weights, as the pipeline does.
     */
    static void exact(float[][] l, int heads, int n, PagedKvCache cache, int kv, float[] out, int outOff) {
        int ps = cache.pageSize(), dv = cache.dv();
        KvStorage st = cache.storage();
        boolean bf16 = st == KvStorage.BF16;
        Scratch sc = SCRATCH.get();
        float[][] acc = sc.acc(heads, dv);
        double[] z = sc.z;
        for (int g = 0; g < heads; g++) {
            z[g] = RowOps.expShiftInPlace(l[g], n, RowOps.max(l[g], n));
            java.util.Arrays.fill(acc[g], 0, dv, 0f);
        }
        for (int p = 0, pages = cache.pages(); p < pages; p++) {
            int len = cache.pageLength(p), base = p * ps;
            for (int g = 0; g < heads; g++) {
                float[] w = l[g], a = acc[g];
                if (st.half()) {
                    short[] vp = cache.valuePageBits(kv, p);
                    for (int s = 0; s < len; s++) if (w[base + s] != 0f) HalfOps.axpy(w[base + s], vp, s * dv, a, dv, bf16);
                } else {
                    float[] vp = cache.valuePage(kv, p);
                    for (int s = 0; s < len; s++) if (w[base + s] != 0f) RowOps.axpy(w[base + s], vp, s * dv, a, dv);
                }
            }
        }
        for (int g = 0; g < heads; g++) RowOps.normalise(acc[g], z[g], out, outOff + g * dv, dv);
    }
}
