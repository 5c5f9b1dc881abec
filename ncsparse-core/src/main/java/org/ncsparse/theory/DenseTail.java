package org.ncsparse.theory;

/**
 * Top-k dropped mass of n iid logits N(0, sigma^2) in the dense phase (law of large numbers for the
 * softmax normaliser). Keeping the k largest is keeping z &gt; t with PhiBar(t/sigma) = k/n. The
 * exponential tilt e^z phi_sigma(z) = e^{sigma^2/2} phi_sigma(z - sigma^2) turns the share of the
 * total weight above t into PhiBar(t/sigma - sigma), hence
 * <pre>
 *   tau(k) = Phi(PhiBar^{-1}(k/n) - sigma),   k*(tau) = n PhiBar(sigma + Phi^{-1}(tau)).
 * </pre>
 * Valid while the bulk dominates the normaliser, i.e. m = sqrt(2 ln n)/sigma &gt; 1 (and k/n not
 * so small that the threshold passes the largest logit). k* is linear in n: exponent C = 1.
 */
public final class DenseTail {
    private DenseTail() {}

    public static double tau(double n, double k, double sigma) {
        if (!(n >= 1)) throw new IllegalArgumentException("n must be >= 1, got " + n);
        if (!(k >= 0)) throw new IllegalArgumentException("k must be >= 0, got " + k);
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        if (k >= n) return 0;
        if (k <= 0) return 1;
        return Normal.cdf(Normal.isf(k / n) - sigma);
    }

    /** The (real) budget k with predicted dropped mass tau, clamped to [1, n]. */
    public static double kStar(double n, double sigma, double tau) {
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        if (!(sigma > 0)) throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        double k = n * Normal.sf(sigma + Normal.icdf(tau));
        return Math.max(1, Math.min(n, k));
    }
}
