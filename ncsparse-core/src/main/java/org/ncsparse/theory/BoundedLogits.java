package org.ncsparse.theory;

/**
 * Rows whose logits all lie in [-R, R] (e.g. ||x|| &le; B and R = B^2 ||W||). Then every weight
 * e^{z_j} lies within a factor e^{2R} of every other, so each probability satisfies
 * e^{-2R}/n &le; p_j &le; e^{2R}/n, and for ANY kept set T of size k the dropped mass obeys
 * <pre>
 *   tau = sum_{j not in T} e^{z_j} / sum_j e^{z_j}  &ge;  (n-k) e^{-R} / ((n-k) e^{-R} + k e^{R})
 *       = (n - k) / ((n - k) + k e^{2R})
 * </pre>
 * (the ratio is increasing in the dropped weights and decreasing in the kept ones). With R fixed,
 * tau &le; eps needs k &ge; n (1 - eps) / (eps e^{2R} + 1 - eps): linear in n, so no k = o(n) budget,
 * in particular no o(log n) one, drives the error to zero. Keeping k = n^C with bounded error needs
 * e^{2R} &ge; n^{1-C}, i.e. R &ge; (1 - C) ln(n) / 2 + O(1).
 */
public final class BoundedLogits {
    private BoundedLogits() {}

    /** The smallest possible dropped mass of a k-subset of n logits in [-R, R]. */
    public static double minDroppedMass(long n, long k, double r) {
        check(n, r);
        if (k < 0 || k > n) throw new IllegalArgumentException("k must be in [0, n], got " + k);
        double dropped = n - k;
        if (dropped == 0) return 0;
        double logKept = Math.log(k) + 2 * r; // k e^{2R}, in logs to survive large R
        return 1 / (1 + Math.exp(logKept - Math.log(dropped)));
    }

    /** The smallest k for which the bound allows dropped mass &le; eps: ceil(n(1-eps)/(eps e^{2R} + 1 - eps)). */
    public static long minBudget(long n, double r, double eps) {
        check(n, r);
        if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
        double k = n * (1 - eps) / (eps * Math.exp(2 * r) + 1 - eps);
        return Math.max(1, Math.min(n, (long) Math.ceil(k - 1e-9)));
    }

    /** The logit radius R at which k = n^C keeps dropped mass &le; eps: e^{2R} = (n - k)(1 - eps)/(eps k). */
    public static double radiusForPowerBudget(long n, double c, double eps) {
        check(n, 0);
        if (!(c > 0 && c <= 1)) throw new IllegalArgumentException("C must be in (0, 1], got " + c);
        if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
        double k = Math.min(n, Math.pow(n, c));
        if (k >= n) return 0;
        return 0.5 * Math.log((n - k) * (1 - eps) / (eps * k));
    }

    private static void check(long n, double r) {
        if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (!(r >= 0) || Double.isInfinite(r)) throw new IllegalArgumentException("R must be finite and >= 0, got " + r);
    }
}
