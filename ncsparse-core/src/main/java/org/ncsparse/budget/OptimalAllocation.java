package org.ncsparse.budget;

import java.util.PriorityQueue;

/**
 * The best integer budgets for a given compute: minimise sum_i a_i tau_i(k_i) subject to
 * sum_i w_i k_i &le; compute, k_i &ge; 1, where tau_i(k) is the mean top-k dropped mass at length
 * n_i (a_i: objective weights, w_i: cost per key). The top-k dropped mass of a row is convex in k
 * (its decrements are the sorted probabilities, which decrease), and so is any mean of rows; for a
 * separable convex objective, adding one key at a time where the gain per unit cost
 * a_i (tau_i(k_i) - tau_i(k_i + 1)) / w_i is largest is optimal up to the last key that no longer fits;
 * an exchange pass then trades such a key against cheaper ones elsewhere when that helps.
 */
public final class OptimalAllocation {
    private OptimalAllocation() {}

    /**
     * @param meanTau meanTau[i][k] = mean dropped mass of top-k at length i, k = 0..K_i (K_i = the largest k known)
     * @param objective a_i &gt; 0
     * @param cost w_i &gt; 0
     * @param compute the budget on sum_i w_i k_i (at least sum_i w_i)
     */
    public static int[] greedy(double[][] meanTau, double[] objective, double[] cost, double compute) {
        int m = meanTau.length;
        if (objective.length != m || cost.length != m) throw new IllegalArgumentException("objective and cost need one entry per curve");
        double spent = 0;
        int[] ks = new int[m];
        for (int i = 0; i < m; i++) {
            if (meanTau[i].length < 2) throw new IllegalArgumentException("curve " + i + " needs tau(0) and tau(1)");
            if (!(objective[i] > 0) || !(cost[i] > 0)) throw new IllegalArgumentException("weights must be > 0 at " + i);
            ks[i] = 1;
            spent += cost[i];
        }
        if (spent > compute * (1 + 1e-12)) throw new IllegalArgumentException("compute " + compute + " is below the cost of k = 1 everywhere, " + spent);
        PriorityQueue<double[]> heap = new PriorityQueue<>((x, y) -> Double.compare(y[0], x[0]));
        for (int i = 0; i < m; i++) push(heap, meanTau, objective, cost, ks, i);
        while (!heap.isEmpty()) {
            int i = (int) heap.poll()[1];
            if (spent + cost[i] > compute * (1 + 1e-12)) continue; // does not fit; lighter entries may
            ks[i]++;
            spent += cost[i];
            push(heap, meanTau, objective, cost, ks, i);
        }
        improve(meanTau, objective, cost, compute, ks);
        return ks;
    }

    /**
     * Greedy stops when the next key of a heavy entry no longer fits and fills the rest with cheap,
     * low-gain keys. Exchange pass: give one more key to an entry and pay for it by removing the
     * cheapest-loss keys elsewhere (lowest loss per unit cost first), when that lowers the objective.
     */
    private static void improve(double[][] tau, double[] a, double[] w, double compute, int[] ks) {
        int m = ks.length;
        for (int round = 0; round < 10_000; round++) {
            boolean changed = false;
            for (int i = 0; i < m && !changed; i++) {
                if (ks[i] + 1 >= tau[i].length) continue;
                double gain = a[i] * (tau[i][ks[i]] - tau[i][ks[i] + 1]);
                double spent = 0;
                for (int j = 0; j < m; j++) spent += w[j] * ks[j];
                double need = spent + w[i] - compute * (1 + 1e-12), loss = 0;
                int[] trial = ks.clone();
                trial[i]++;
                while (need > 0) {
                    int best = -1;
                    double bestRate = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < m; j++) {
                        if (j == i || trial[j] <= 1) continue;
                        double rate = a[j] * (tau[j][trial[j] - 1] - tau[j][trial[j]]) / w[j];
                        if (rate < bestRate) { bestRate = rate; best = j; }
                    }
                    if (best < 0) break;
                    loss += a[best] * (tau[best][trial[best] - 1] - tau[best][trial[best]]);
                    trial[best]--;
                    need -= w[best];
                }
                if (need <= 0 && loss < gain * (1 - 1e-12)) { System.arraycopy(trial, 0, ks, 0, m); changed = true; }
            }
            if (!changed) return;
        }
    }

    private static void push(PriorityQueue<double[]> heap, double[][] tau, double[] a, double[] w, int[] ks, int i) {
        int k = ks[i];
        if (k + 1 >= tau[i].length) return; // the curve ends here (k = n, or the largest k recorded)
        double gain = a[i] * (tau[i][k] - tau[i][k + 1]) / w[i];
        if (gain > 0) heap.add(new double[] {gain, i});
    }
}
