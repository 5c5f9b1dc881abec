package org.ncsparse.theory;

/**
 * The phase of a row of n iid Gaussian logits N(0, sigma^2), set by m = sqrt(2 ln n) / sigma
 * (Derrida's random energy model: the softmax weights e^{z_j} at inverse temperature sigma).
 * m &gt; 1: DENSE, the mass sits in the bulk around z = sigma^2 (the tilted mean), and any budget
 * for a fixed error is linear in n. m &lt; 1: FROZEN (attention collapse), the few largest logits,
 * near sigma sqrt(2 ln n), carry the mass; their ranked weights tend to Poisson-Dirichlet PD(m).
 */
public enum Phase {
    DENSE, FROZEN;

    /** m = sqrt(2 ln n) / sigma. */
    public static double m(double n, double sigma) {
        if (!(n >= 2)) throw new IllegalArgumentException("n must be >= 2, got " + n);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        return Math.sqrt(2 * Math.log(n)) / sigma;
    }

    public static Phase of(double n, double sigma) { return m(n, sigma) < 1 ? FROZEN : DENSE; }

    /** The logit spread of q.k for q, k with iid N(0, 1) entries in d dimensions: sigma = s sqrt(d). */
    public static double sigma(double scale, int d) {
        if (d < 1) throw new IllegalArgumentException("d must be >= 1, got " + d);
        return Math.abs(scale) * Math.sqrt(d);
    }

    /** The n at which the phase changes for a given sigma: m = 1 at n = exp(sigma^2 / 2). */
    public static double criticalN(double sigma) { return Math.exp(sigma * sigma / 2); }
}
