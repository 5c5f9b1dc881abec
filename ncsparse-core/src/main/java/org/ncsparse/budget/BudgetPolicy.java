package org.ncsparse.budget;

import java.util.List;

/**
 * How many (and which) keys a query row keeps in top-k sparse attention.
 *
 * <p>Count policies ({@link FixedBudget}, {@link PowerBudget}, {@link LogBudget}) give k as a
 * function of the row's visible length n and keep the k largest logits. {@link ThresholdBudget}
 * and {@link MassBudget} depend on the row's probabilities. {@link SinkWindowBudget} keeps fixed
 * positions. {@link UnionBudget} keeps the union of what its members keep. A policy never computes
 * logits; the selector applies it to a row.
 */
public sealed interface BudgetPolicy
        permits CountBudget, ThresholdBudget, MassBudget, SinkWindowBudget, UnionBudget {

    /** Keep the k largest logits of every row (k clamped to the row's visible length). */
    static BudgetPolicy fixed(int k) { return new FixedBudget(k); }

    /** Keep clamp(ceil(alpha * n^c), 1, n) largest logits; alpha &gt; 0, c in (0, 1]. */
    static BudgetPolicy power(double alpha, double c) { return new PowerBudget(alpha, c); }

    /** Keep clamp(ceil(alpha * ln n), 1, n) largest logits: the o(log n) regime of the paper. */
    static BudgetPolicy log(double alpha) { return new LogBudget(alpha); }

    /** Keep every key with probability p_ij &ge; eps (at least the row maximum). */
    static BudgetPolicy threshold(double eps) { return new ThresholdBudget(eps); }

    /** Top-p: the smallest set of largest keys whose mass is &ge; 1 - tau. */
    static BudgetPolicy mass(double tau) { return new MassBudget(tau); }

    /** StreamingLLM-style: the first {@code sinks} and the last {@code window} visible keys. */
    static BudgetPolicy sinkWindow(int sinks, int window) { return new SinkWindowBudget(sinks, window); }

    /** The union of the key sets each member selects on the same row. */
    static BudgetPolicy union(BudgetPolicy... members) { return new UnionBudget(List.of(members)); }

    /** Parses the textual form, e.g. {@code power:1,0.5} or {@code sinkwindow:4,64+fixed:16}; see {@link BudgetParser}. */
    static BudgetPolicy parse(String text) { return BudgetParser.parse(text); }

    /**
     * Upper bound on the number of keys kept in a row of {@code n} visible keys. Exact for count and
     * sink-window policies; {@code n} for data-dependent ones.
     */
    int maxKept(int n);

    /** True when the kept set depends on the row's values beyond the ranking of logits by count. */
    boolean dataDependent();

    /** The canonical textual form, accepted by {@link #parse(String)}. */
    String spec();
}
