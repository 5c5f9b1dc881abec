package org.ncsparse.budget;

/**
 * Equal-compute pairing of a fixed budget k0 with a power budget alpha * n^C (the paper's Figure 2
 * pairs lines of equal compute). Sparse attention over a row of n keys with k kept costs about
 * n (scoring) + k (aggregation); the pairing equalises the k-dependent part summed over a grid of
 * lengths weighted by the number of rows n: sum_n n * k(n) = sum_n n * k0.
 */
public final class ComputePairing {
    private ComputePairing() {}

    /** alpha with sum_n n * alpha * n^C = sum_n n * min(k0, n) over the grid (continuous, before rounding). */
    public static double alphaOverGrid(int k0, double c, int[] grid) {
        checkArgs(k0, c);
        if (grid == null || grid.length == 0) throw new IllegalArgumentException("grid must hold at least one n, got none");
        double fixed = 0, power = 0;
        for (int n : grid) {
            if (n <= 0) throw new IllegalArgumentException("grid values n must be >= 1, got " + n);
            fixed += (double) n * Math.min(k0, n);
            power += (double) n * Math.pow(n, c);
        }
        return fixed / power;
    }

    /** alpha with alpha * nRef^C = k0: the two budgets agree at the reference length. */
    public static double alphaAtReference(int k0, double c, int nRef) {
        checkArgs(k0, c);
        if (nRef <= 0) throw new IllegalArgumentException("reference n must be >= 1, got " + nRef);
        return k0 / Math.pow(nRef, c);
    }

    /** sum_n n * k(n) for a count policy over a grid: the compute the policy spends on aggregation. */
    public static double gridCompute(CountBudget policy, int[] grid) {
        double total = 0;
        for (int n : grid) total += (double) n * policy.k(n);
        return total;
    }

    private static void checkArgs(int k0, double c) {
        if (k0 <= 0) throw new IllegalArgumentException("k0 must be a positive integer, got " + k0);
        if (!(c > 0 && c <= 1)) throw new IllegalArgumentException("C must be in (0, 1], got " + c);
    }
}
