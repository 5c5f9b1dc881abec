package org.ncsparse.model.llm;

import org.ncsparse.budget.BudgetPolicy;

/**
 * How every layer and head of a decoder attends: exactly ({@code budget == null}), or with the top-k
 * keys of a budget policy, evaluated per layer and head with n = the current cache length.
 *
 * @param budget   null for exact attention, else the policy (e.g. power:1,0.5)
 * @param selector how the kept keys are found in decode steps: exact top-k over all logits, or the
 *                 paged cache's page-bound selection (sub-linear; certified or reported as approximate)
 */
public record AttentionMode(BudgetPolicy budget, Selector selector) {
    public enum Selector { EXACT, PAGES }

    public static final AttentionMode EXACT = new AttentionMode(null, Selector.EXACT);

    public AttentionMode {
        if (selector == null) throw new IllegalArgumentException("selector must not be null (exact or pages)");
        if (selector == Selector.PAGES && budget == null)
            throw new IllegalArgumentException("--selector pages needs an --attention budget (e.g. power:1,0.5), not exact");
    }

    public boolean exact() { return budget == null; }

    /** "exact", "power:1,0.5" or "power:1,0.5 (pages)". */
    public String label() { return budget == null ? "exact" : budget.spec() + (selector == Selector.PAGES ? " (pages)" : ""); }
}
