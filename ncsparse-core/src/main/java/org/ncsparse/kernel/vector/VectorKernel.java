package org.ncsparse.kernel.vector;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.kernel.AttentionKernel;

/**
 * The SIMD attention kernel ({@code jdk.incubator.vector}), loaded by
 * {@link org.ncsparse.kernel.KernelProvider} through {@link #INSTANCE}. Picks a path per call:
 * <ul>
 *   <li>exact, at least {@link #TILE_MIN_ROWS} rows: {@link DenseTiles} (tiled flash attention);</li>
 *   <li>count budgets (fixed, power, log) with k small against n: {@link TopKTiles} (a bound on each row's k-th logit, then few admissions);</li>
 *   <li>otherwise (decode-sized calls, data-dependent budgets, k close to n): {@link RowKernel}.</li>
 * </ul>
 */
public final class VectorKernel implements AttentionKernel {
    public static final VectorKernel INSTANCE = new VectorKernel();

    /** Below this many rows a 4-vector tile wastes most lanes; one row at a time is faster. */
    static final int TILE_MIN_ROWS = 4;

    private VectorKernel() {}

    @Override public String name() { return "vector" + Vec.S.vectorBitSize(); }

    @Override
    public void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        BudgetPolicy budget = r.budget();
        boolean tiled = rowEnd - rowStart >= TILE_MIN_ROWS;
        if (budget == null && tiled) DenseTiles.compute(r, head, rowStart, rowEnd, out);
        else if (budget instanceof CountBudget cb && tiled && 8L * cb.k(r.n()) <= r.n())
            TopKTiles.compute(r, head, rowStart, rowEnd, out, cb);
        else RowKernel.compute(r, head, rowStart, rowEnd, out);
    }
}
