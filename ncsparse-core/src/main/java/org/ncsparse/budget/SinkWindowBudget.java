package org.ncsparse.budget;

/** Keeps the first {@code sinks} and the last {@code window} visible keys (attention sinks + local window). */
public record SinkWindowBudget(int sinks, int window) implements BudgetPolicy {
    public SinkWindowBudget {
        if (sinks < 0) throw new IllegalArgumentException("sinks must be >= 0, got " + sinks);
        if (window < 0) throw new IllegalArgumentException("window must be >= 0, got " + window);
        if (sinks + window == 0) throw new IllegalArgumentException("sinks + window must be >= 1, got 0");
    }

    @Override public int maxKept(int n) { return Math.min(n, sinks + window); }

    @Override public boolean dataDependent() { return false; }

    @Override public String spec() { return "sinkwindow:" + sinks + "," + window; }
}
