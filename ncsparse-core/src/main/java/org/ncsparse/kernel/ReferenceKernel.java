package org.ncsparse.kernel;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.select.ReferenceSelector;

/**
 * The oracle: one row at a time, every logit and sum in double precision, selection by a full
 * sort. O(n) scratch per call (one logit row), never n x n. Slow by design; every fast kernel is
 * tested against it.
 */
public final class ReferenceKernel implements AttentionKernel {
    public static final ReferenceKernel INSTANCE = new ReferenceKernel();

    private ReferenceKernel() {}

    @Override public String name() { return "reference"; }

    @Override
    public void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
        int n = r.n(), dv = r.dv();
        float[] v = r.v();
        int vOff = r.valueOffset(r.kvHeadOf(head));
        BudgetPolicy budget = r.budget();
        SelectionObserver observer = r.observer();
        double[] logits = new double[n], acc = new double[dv];
        int[] kept = new int[n];
        ReferenceSelector selector = budget == null ? null : new ReferenceSelector(n);
        for (int i = rowStart; i < rowEnd; i++) {
            int vis = r.visible(i);
            double max = ReferenceLogits.row(r, head, i, logits);
            int count;
            if (budget == null) {
                count = vis;
                for (int j = 0; j < vis; j++) kept[j] = j;
            } else {
                count = selector.select(budget, logits, vis, kept);
            }
            java.util.Arrays.fill(acc, 0);
            double keptSum = 0;
            for (int t = 0; t < count; t++) {
                int j = kept[t];
                double w = Math.exp(logits[j] - max);
                keptSum += w;
                for (int c = 0; c < dv; c++) acc[c] += w * v[vOff + j * dv + c];
            }
            int o = r.outputOffset(head, i);
            for (int c = 0; c < dv; c++) out[o + c] = (float) (acc[c] / keptSum);
            if (observer != null && budget != null) {
                double total = 0;
                for (int j = 0; j < vis; j++) total += Math.exp(logits[j] - max);
                observer.onRow(head, i, vis, kept, count, RowOps.keptMass(keptSum, total));
            }
        }
    }
}
