package org.ncsparse.model.llm;

import java.util.Arrays;

/**
 * Measures how well a sparse decode step's kept keys match the exact top-k of the same size. For a
 * row with exact logits l_j, p = softmax(l), kept set S (|S| = k) and T = the k largest logits:
 * <pre>
 *   mass recall  = Σ_{j∈S} p_j / Σ_{j∈T} p_j                 (1 when S carries the top-k mass)
 *   index recall = |{j ∈ S : l_j ≥ t_k}| / k,  t_k = k-th largest logit  (ties count as hits)
 * </pre>
 * Records mean and min over every (layer, head) row it sees while {@link #setActive active}; install
 * it with {@link DecodeOptions#withProbe} and switch it on only for untimed steps.
 */
public final class RecallProbe implements AttentionProbe {
    private volatile boolean active;
    private float[] row = new float[0];
    private int rowLayer = -1, rowHead = -1, rowPosition = -1, rowN;
    private double[] sorted = new double[0];
    private long rows;
    private double massSum, indexSum, massMin = Double.NaN, indexMin = Double.NaN;

    public void setActive(boolean on) { active = on; }
    @Override public boolean active() { return active; }

    @Override public void onRow(int layer, int head, int position, float[] logits, int n) {
        if (row.length < n) row = new float[Math.max(n, 2 * row.length)];
        System.arraycopy(logits, 0, row, 0, n);
        rowLayer = layer; rowHead = head; rowPosition = position; rowN = n;
    }

    @Override public void onKept(int layer, int head, int position, int[] kept, int count) {
        if (layer != rowLayer || head != rowHead || position != rowPosition)
            throw new IllegalStateException("onKept(" + layer + ", " + head + ", " + position + ") without its onRow");
        if (count == 0) return;
        if (sorted.length < rowN) sorted = new double[Math.max(rowN, 2 * sorted.length)];
        double mass = massRecall(row, rowN, kept, count, sorted), index = indexRecall(row, rowN, kept, count, sorted);
        rows++;
        massSum += mass; indexSum += index;
        massMin = rows == 1 ? mass : Math.min(massMin, mass);
        indexMin = rows == 1 ? index : Math.min(indexMin, index);
    }

    /** Rows measured. */
    public long rows() { return rows; }
    public double meanMassRecall() { return rows == 0 ? Double.NaN : massSum / rows; }
    public double minMassRecall() { return massMin; }
    public double meanIndexRecall() { return rows == 0 ? Double.NaN : indexSum / rows; }
    public double minIndexRecall() { return indexMin; }

    /** Σ_{j∈kept} p_j / Σ_{top-count} p_j for p = softmax(logits[0..n)); scratch holds ≥ n doubles. */
    public static double massRecall(float[] logits, int n, int[] kept, int count, double[] scratch) {
        check(n, count);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, logits[j]);
        double keptSum = 0, topSum = 0; // unnormalised e^(l - max): the softmax denominator cancels
        for (int i = 0; i < count; i++) keptSum += Math.exp(logits[kept[i]] - max);
        sortDescending(logits, n, scratch);
        for (int i = 0; i < count; i++) topSum += Math.exp(scratch[i] - max);
        return Math.min(1, keptSum / topSum); // kept ≤ top-k mass; min() only absorbs rounding
    }

    /** |{j ∈ kept : logits[j] ≥ count-th largest}| / count; scratch holds ≥ n doubles. */
    public static double indexRecall(float[] logits, int n, int[] kept, int count, double[] scratch) {
        check(n, count);
        sortDescending(logits, n, scratch);
        double t = scratch[count - 1];
        int hits = 0;
        for (int i = 0; i < count; i++) if (logits[kept[i]] >= t) hits++;
        return (double) hits / count;
    }

    private static void check(int n, int count) {
        if (count < 1 || count > n) throw new IllegalArgumentException("count must be in [1, n = " + n + "], got " + count);
    }

    private static void sortDescending(float[] logits, int n, double[] out) {
        for (int j = 0; j < n; j++) out[j] = -(double) logits[j];
        Arrays.sort(out, 0, n);
        for (int j = 0; j < n; j++) out[j] = -out[j];
    }
}
