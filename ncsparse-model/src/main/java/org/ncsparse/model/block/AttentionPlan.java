package org.ncsparse.model.block;

import org.ncsparse.attention.SelectionObserver;
import org.ncsparse.budget.BudgetPolicy;

/**
 * Which attention each (layer, head) of the encoder runs: {@code null} budget = exact softmax
 * attention, otherwise top-k with the core's budget policy. An optional observer per layer sees
 * the kept keys of every row (for measuring the average budget actually used).
 */
public interface AttentionPlan {
    /** Budget of head {@code head} in layer {@code layer}; {@code null} means exact. */
    BudgetPolicy budget(int layer, int head);

    /** Observer for one layer's attention calls, or {@code null}. */
    default SelectionObserver observer(int layer) { return null; }

    /** Exact attention everywhere. */
    AttentionPlan EXACT = (layer, head) -> null;

    /** The same policy in every layer and head. */
    static AttentionPlan uniform(BudgetPolicy policy) { return (layer, head) -> policy; }

    /** Per-layer, per-head policies: {@code table[layer][head]} (entries may be null = exact). */
    static AttentionPlan perHead(BudgetPolicy[][] table) {
        BudgetPolicy[][] copy = new BudgetPolicy[table.length][];
        for (int l = 0; l < table.length; l++) copy[l] = table[l].clone();
        return (layer, head) -> copy[layer][head];
    }

    /** This plan with an observer attached to every layer. */
    default AttentionPlan observedBy(java.util.function.IntFunction<SelectionObserver> observers) {
        AttentionPlan self = this;
        return new AttentionPlan() {
            @Override public BudgetPolicy budget(int layer, int head) { return self.budget(layer, head); }
            @Override public SelectionObserver observer(int layer) { return observers.apply(layer); }
        };
    }
}
