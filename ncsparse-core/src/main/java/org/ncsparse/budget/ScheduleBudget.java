package org.ncsparse.budget;

import java.util.Arrays;

/**
 * An explicit integer schedule: k(n) = ks[i] for the largest lengths[i] &le; n (ks[0] below
 * lengths[0]), clamped to [1, n]. This is how an allocation computed for a grid of lengths (an
 * exactly equal-compute pairing, an optimal allocation) becomes a policy. Lengths strictly ascending.
 */
public record ScheduleBudget(int[] lengths, int[] ks) implements CountBudget {
    public ScheduleBudget {
        if (lengths == null || ks == null || lengths.length == 0 || lengths.length != ks.length)
            throw new IllegalArgumentException("lengths and ks must be non-empty and of equal size");
        lengths = lengths.clone(); ks = ks.clone();
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1) throw new IllegalArgumentException("lengths must be >= 1, got " + lengths[i]);
            if (i > 0 && lengths[i] <= lengths[i - 1]) throw new IllegalArgumentException("lengths must be strictly ascending, got " + Arrays.toString(lengths));
            if (ks[i] < 1) throw new IllegalArgumentException("every k must be >= 1, got " + ks[i] + " at n=" + lengths[i]);
        }
    }

    @Override public int[] lengths() { return lengths.clone(); }

    @Override public int[] ks() { return ks.clone(); }

    @Override public int k(int n) {
        if (n <= 0) return 0;
        int i = Arrays.binarySearch(lengths, n);
        if (i < 0) i = Math.max(0, -i - 2);
        return Math.min(ks[i], n);
    }

    /** schedule:N1@K1,N2@K2,... */
    @Override public String spec() {
        StringBuilder sb = new StringBuilder("schedule:");
        for (int i = 0; i < lengths.length; i++) sb.append(i > 0 ? "," : "").append(lengths[i]).append('@').append(ks[i]);
        return sb.toString();
    }

    @Override public boolean equals(Object o) { return o instanceof ScheduleBudget s && Arrays.equals(lengths, s.lengths) && Arrays.equals(ks, s.ks); }

    @Override public int hashCode() { return 31 * Arrays.hashCode(lengths) + Arrays.hashCode(ks); }

    @Override public String toString() { return spec(); }
}
