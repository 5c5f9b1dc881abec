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

    /** Per worker: a widened value row, and the output accumulator of {@link #exact}. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private static float[] scratch(int which, int n) {
        float[][] s = SCRATCH.get();
        if (s[which].length < n) s[which] = new float[n];
        return s[which];
    }

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
        float[] row = scratch(0, dv);
        return new RowPipeline.Values() {
            @Override public float[] array(int j) {
                HalfOps.widenRow(cache.valuePageBits(kv, j / ps), (j % ps) * dv, row, dv, bf16);
                return row;
            }
            @Override public int offset(int j) { return 0; }
        };
    }

    /**
     * Exact attention's value side, page by page (no row copies; half pages through the widening
     * axpy): out = sum_j e^(l_j - max) v_j / sum_j e^(l_j - max) over logits l[0..n), the row
     * pipeline's exact steps in the same order (so F32 results are the pipeline's, bit for bit), one
     * loop for every storage type. Overwrites l with the weights, as the pipeline does.
     */
    static void exact(float[] l, int n, PagedKvCache cache, int kv, float[] out, int outOff) {
        int ps = cache.pageSize(), dv = cache.dv();
        KvStorage st = cache.storage();
        boolean bf16 = st == KvStorage.BF16;
        float max = RowOps.max(l, n);
        double z = RowOps.expShiftInPlace(l, n, max);
        float[] acc = scratch(1, dv);
        java.util.Arrays.fill(acc, 0, dv, 0f);
        for (int p = 0, pages = cache.pages(); p < pages; p++) {
            int len = cache.pageLength(p), base = p * ps;
            if (st.half()) {
                short[] vp = cache.valuePageBits(kv, p);
                for (int s = 0; s < len; s++) if (l[base + s] != 0f) HalfOps.axpy(l[base + s], vp, s * dv, acc, dv, bf16);
            } else {
                float[] vp = cache.valuePage(kv, p);
                for (int s = 0; s < len; s++) if (l[base + s] != 0f) RowOps.axpy(l[base + s], vp, s * dv, acc, dv);
            }
        }
        RowOps.normalise(acc, z, out, outOff, dv);
    }
}
