package org.ncsparse.kernel;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.select.RowSelector;

/**
 * The steps of one query row after its logits, shared by every row-at-a-time path (the plain-Java
 * kernel, the SIMD row kernel, the last step of the SIMD top-k tiles, and decoding):
 * <pre>
 *   max = max_j l_j  ->  T = select(budget, l)  ->  w_j = e^(l_j - max), j in T  ->  acc = sum_T w_j v_j
 *   ->  out = acc / sum_T w_j  ->  observer(T, keptMass = sum_T w_j / sum_all w_j)
 * </pre>
 * with {@link RowOps}' one exp, one axpy and one kept-mass rule. Where the logits come from (a dot
 * product loop, SIMD, KV-cache pages) and where the value rows live ({@link Values}) are the
 * caller's. The double-precision oracle ({@link ReferenceKernel}) runs the same steps in double.
 * One instance per worker: it holds the O(n) logit row and scratch; not thread-safe.
 */
public final class RowPipeline {
    /** Where value row j lives: a flat [n][dv] array, or the pages of a KV cache. */
    public interface Values {
        float[] array(int j);
        int offset(int j);
    }

    /** Value rows of a flat array: row j at base + j * dv. */
    public static Values flat(float[] v, int base, int dv) {
        return new Values() {
            @Override public float[] array(int j) { return v; }
            @Override public int offset(int j) { return base + j * dv; }
        };
    }

    private float[] logits = new float[0], weights = new float[0], acc = new float[0];
    private int[] kept = new int[0];
    private RowSelector selector;

    /** The logit row to fill before {@link #finish}: at least n floats. */
    public float[] logits(int n) {
        if (logits.length < n) logits = new float[Math.max(n, logits.length + (logits.length >> 1))]; // grown by half: a decode row gains a key per step
        return logits;
    }

    /** Scratch for kept key indices, at least n ints (valid until the next call). */
    public int[] kept(int n) {
        if (kept.length < n) kept = new int[Math.max(n, kept.length + (kept.length >> 1))];
        return kept;
    }

    /**
     * Runs the steps on logits[0..visible) (filled by the caller) and writes out[outOff, outOff + dv).
     * {@code budget} null is exact attention (every key, no observer call).
     */
    public void finish(int head, int row, int visible, BudgetPolicy budget, Values values, int dv,
                       float[] out, int outOff, SelectionObserver observer) {
        float[] l = logits;
        float max = RowOps.max(l, visible);
        float[] a = accumulator(dv);
        if (budget == null) {
            double z = RowOps.expShiftInPlace(l, visible, max); // l now holds the weights
            for (int j = 0; j < visible; j++) if (l[j] != 0f) RowOps.axpy(l[j], values.array(j), values.offset(j), a, dv);
            RowOps.normalise(a, z, out, outOff, dv);
            return;
        }
        if (selector == null || selector.capacity() < visible) selector = new RowSelector(Math.max(visible, l.length));
        int[] k = kept(visible);
        int count = selector.select(budget, l, visible, k);
        float[] w = weights(count);
        for (int t = 0; t < count; t++) w[t] = l[k[t]];
        double z = aggregate(w, k, 0, count, max, values, dv, a);
        RowOps.normalise(a, z, out, outOff, dv);
        if (observer != null) observer.onRow(head, row, visible, k, count, RowOps.keptMass(z, RowOps.expShiftInPlace(l, visible, max)));
    }

    /**
     * acc = sum_t e^(w[t] - max) v_{keys[from + t]} for t &lt; count, with w holding the kept logits
     * on entry and their weights on exit; returns the sum of the weights.
     */
    public static double aggregate(float[] w, int[] keys, int from, int count, float max, Values values, int dv, float[] acc) {
        java.util.Arrays.fill(acc, 0, dv, 0f);
        double z = RowOps.expShiftInPlace(w, count, max);
        for (int t = 0; t < count; t++) {
            int j = keys[from + t];
            if (w[t] != 0f) RowOps.axpy(w[t], values.array(j), values.offset(j), acc, dv);
        }
        return z;
    }

    /** Scratch for kept logits / weights, at least n floats. */
    public float[] weights(int n) {
        if (weights.length < n) weights = new float[Math.max(n, weights.length + (weights.length >> 1))];
        return weights;
    }

    /** The output accumulator (dv floats), zeroed. */
    private float[] accumulator(int dv) {
        if (acc.length < dv) acc = new float[dv];
        java.util.Arrays.fill(acc, 0, dv, 0f);
        return acc;
    }
}
