package org.ncsparse.budget;

import java.util.List;

/** Keeps the union of the keys each member keeps (e.g. sinks + window + power). */
public record UnionBudget(List<BudgetPolicy> members) implements BudgetPolicy {
    public UnionBudget {
        if (members == null || members.size() < 2)
            throw new IllegalArgumentException("union needs at least 2 member policies, got "
                    + (members == null ? 0 : members.size()));
        members = List.copyOf(members);
    }

    @Override public int maxKept(int n) {
        long sum = 0;
        for (BudgetPolicy p : members) sum += p.maxKept(n);
        return (int) Math.min(n, sum);
    }

    @Override public boolean dataDependent() {
        for (BudgetPolicy p : members) if (p.dataDependent()) return true;
        return false;
    }

    @Override public String spec() {
        StringBuilder sb = new StringBuilder();
        for (BudgetPolicy p : members) sb.append(sb.isEmpty() ? "" : "+").append(p.spec());
        return sb.toString();
    }
}
