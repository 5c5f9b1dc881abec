package org.ncsparse.lab.claims;

import java.util.List;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.exec.ParallelRunner;

/**
 * Dropped mass of length-adaptive and fixed policies over the rows of one causal prefill of length
 * N (row i sees i keys), for several workloads. Rows are taken at evenly spaced lengths
 * i_r = 1 + floor((r + 1/2) N / rows), so their mean estimates the mean over all N rows, which is
 * what a decoder's prefill spends and loses. Every policy sees the same rows (paired).
 */
public record CausalExperiment(int length, int rows, int d, long seed, List<CausalRows> workloads, List<Policy> policies, int threads) {
    public CausalExperiment {
        if (length < 2 || rows < 1 || rows > length) throw new IllegalArgumentException("need 2 <= length and 1 <= rows <= length");
        if (workloads.isEmpty() || policies.isEmpty()) throw new IllegalArgumentException("workloads and policies must not be empty");
    }

    /** Which keys a row keeps. */
    public sealed interface Policy {
        String name();
    }

    /** The k(i) largest logits. */
    public record TopK(String name, CountBudget budget) implements Policy {}

    /** StreamingLLM-style: the first {@code sinks} keys and the last {@code window} keys (by position). */
    public record SinkWindow(String name, int sinks, int window) implements Policy {}

    /** Visible keys of sampled row r. */
    public int visible(int r) { return 1 + (int) ((r + 0.5) * length / rows); }

    /** Dropped mass [workload][policy][row]. */
    public double[][][] run() {
        double[][][] out = new double[workloads.size()][policies.size()][rows];
        int blocks = Math.max(1, Math.min(rows, 4 * threads * 4)), per = (rows + blocks - 1) / blocks;
        ParallelRunner.forEach(workloads.size() * blocks, threads, t -> {
            int w = t / blocks, b = t % blocks;
            double[] z = new double[length];
            TopCurve c = new TopCurve();
            for (int r = b * per; r < Math.min(rows, (b + 1) * per); r++) {
                int i = visible(r);
                workloads.get(w).logits(seed, i, r, d, z);
                int kMax = 1;
                for (Policy p : policies) if (p instanceof TopK tk) kMax = Math.max(kMax, tk.budget().k(i));
                c.compute(z, i, kMax);
                for (int p = 0; p < policies.size(); p++) out[w][p][r] = switch (policies.get(p)) {
                    case TopK tk -> c.tau(Math.min(tk.budget().k(i), c.kTop()));
                    case SinkWindow sw -> sinkWindowDropped(z, i, sw.sinks(), sw.window());
                };
            }
        });
        return out;
    }

    /** 1 - mass of keys [0, sinks) and [i - window, i). */
    static double sinkWindowDropped(double[] z, int i, int sinks, int window) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < i; j++) max = Math.max(max, z[j]);
        double total = 0, dropped = 0;
        int lastStart = Math.max(0, i - window);
        for (int j = 0; j < i; j++) {
            double e = Math.exp(z[j] - max);
            total += e;
            if (j >= sinks && j < lastStart) dropped += e;
        }
        return dropped / total;
    }
}
