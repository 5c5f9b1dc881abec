package org.ncsparse.metrics;

/**
 * Quality of an approximate key selector S against the exact top-k set T of the same size:
 * index recall |S &cap; T| / |T| and mass recall sum_S p / sum_T p.
 */
public final class SelectionRecall {
    private SelectionRecall() {}

    /** |S &cap; T| / |T|; both index lists ascending. */
    public static double indexRecall(int[] approx, int approxCount, int[] exact, int exactCount) {
        if (exactCount == 0) throw new IllegalArgumentException("exactCount must be >= 1, got 0");
        int a = 0, e = 0, common = 0;
        while (a < approxCount && e < exactCount) {
            if (approx[a] == exact[e]) { common++; a++; e++; }
            else if (approx[a] < exact[e]) a++;
            else e++;
        }
        return (double) common / exactCount;
    }

    /** sum_{j in S} p_j / sum_{j in T} p_j. */
    public static double massRecall(double[] p, int[] approx, int approxCount, int[] exact, int exactCount) {
        double exactMass = RowMetrics.keptMass(p, exact, exactCount);
        if (!(exactMass > 0)) throw new IllegalArgumentException("the exact set carries no mass; mass recall is undefined");
        return RowMetrics.keptMass(p, approx, approxCount) / exactMass;
    }
}
