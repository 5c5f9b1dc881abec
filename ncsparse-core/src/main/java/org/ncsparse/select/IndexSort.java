package org.ncsparse.select;

/** A primitive, allocation-light index sort (no boxing) for the oracle selector. */
public final class IndexSort {
    private IndexSort() {}

    /**
     * Fills idx[0..n) with 0..n-1 ordered by descending value, ties by ascending index (a stable
     * merge sort). {@code tmp} must hold at least n ints.
     */
    public static void byDescendingValue(double[] values, int n, int[] idx, int[] tmp) {
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int width = 1; width < n; width <<= 1) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width, hi = Math.min(lo + 2 * width, n);
                int a = lo, b = mid, t = lo;
                while (a < mid && b < hi) tmp[t++] = values[idx[b]] > values[idx[a]] ? idx[b++] : idx[a++];
                while (a < mid) tmp[t++] = idx[a++];
                while (b < hi) tmp[t++] = idx[b++];
                System.arraycopy(tmp, lo, idx, lo, hi - lo);
            }
        }
    }
}
