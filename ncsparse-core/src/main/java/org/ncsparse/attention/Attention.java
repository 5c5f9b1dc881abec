package org.ncsparse.attention;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.AttentionKernel;
import org.ncsparse.kernel.KernelProvider;
import org.ncsparse.exec.ParallelRunner;

/**
 * The public entry point: exact and top-k sparse attention over a validated {@link AttentionRequest}.
 *
 * <p>Exact: O = softmax(s Q K^T + bias) V per head, computed row block by row block with a
 * streaming softmax (no n x n buffer). Sparse: per row, the budget picks the kept set T_i and
 * O'_i = sum_{j in T_i} A_ij v_j / sum_{j in T_i} A_ij (the paper's D_spar^-1 A_spar V).
 */
public final class Attention {
    private Attention() {}

    /** Exact or sparse attention, as the request's budget says. Returns [queryHeads][m][dv]. */
    public static float[] compute(AttentionRequest request) {
        if (request == null) throw new IllegalArgumentException("request must not be null");
        float[] out = new float[request.outputLength()];
        compute(request, out);
        return out;
    }

    /** As {@link #compute(AttentionRequest)}, writing into {@code out} (length queryHeads*m*dv). */
    public static void compute(AttentionRequest request, float[] out) {
        if (request == null) throw new IllegalArgumentException("request must not be null");
        if (out == null || out.length != request.outputLength())
            throw new IllegalArgumentException("out must have queryHeads*m*dv = " + request.outputLength()
                    + " elements, got " + (out == null ? "null" : out.length));
        AttentionKernel kernel = request.kernel() != null ? request.kernel() : KernelProvider.best();
        ParallelRunner.forEachRowBlock(request, (head, r0, r1) -> kernel.compute(request, head, r0, r1, out));
    }

    /** Exact attention, ignoring any budget in the request. */
    public static float[] exact(AttentionRequest request) {
        return compute(request.budget() == null ? request : request.withBudget(null));
    }

    /** Top-k sparse attention under {@code policy}. */
    public static float[] sparse(AttentionRequest request, BudgetPolicy policy) {
        if (policy == null) throw new IllegalArgumentException("policy must not be null for sparse attention; use exact() for dense");
        return compute(request.withBudget(policy));
    }
}
