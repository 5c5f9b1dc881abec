package org.ncsparse.lab;

import java.util.concurrent.ConcurrentHashMap;
import org.ncsparse.theory.FiniteNTail;

/**
 * Theory predictions for Q.K rows with iid N(0,1) entries. Given q, a row's logits are iid
 * N(0, (s ||q||)^2), and ||q|| follows a chi distribution with d degrees of freedom, approximately
 * N(sqrt(d - 1/2), 1/2). The finite-n prediction is averaged over ||q|| with 5-point Gauss-Hermite
 * quadrature (nodes 0, +-1.3556, +-2.8570; weights 0.5333, 0.2221, 0.0113).
 */
public final class TheoryOverlay {
    private static final double[] NODES = {0, 1.3556261799742659, -1.3556261799742659, 2.8569700138728056, -2.8569700138728056};
    private static final double[] WEIGHTS = {8.0 / 15, 0.22207592200561265, 0.22207592200561265, 0.011257411327720691, 0.011257411327720691};
    private final int d, samples;
    private final ConcurrentHashMap<String, FiniteNTail> cache = new ConcurrentHashMap<>();

    public TheoryOverlay(int d, int samples) { this.d = d; this.samples = samples; }

    /** The row-spread quadrature nodes sigma_i = s (sqrt(d - 1/2) + x_i / sqrt 2). */
    double sigma(double scale, int i) { return scale * (Math.sqrt(d - 0.5) + NODES[i] / Math.sqrt(2)); }

    FiniteNTail model(int n, double sigma) {
        return cache.computeIfAbsent(n + ":" + sigma, key -> FiniteNTail.of(n, sigma, samples, FiniteNTail.DEFAULT_TOP, FiniteNTail.DEFAULT_SEED));
    }

    @FunctionalInterface public interface Prediction { double of(FiniteNTail model); }

    /** E over ||q|| of a finite-n prediction at scale s. */
    public double averaged(int n, double scale, Prediction p) {
        double s = 0;
        for (int i = 0; i < NODES.length; i++) s += WEIGHTS[i] * p.of(model(n, sigma(scale, i)));
        return s;
    }

    /** The prediction at the nominal sigma = s sqrt(d) only. */
    public double nominal(int n, double scale, Prediction p) { return p.of(model(n, scale * Math.sqrt(d))); }

    /** Smallest k whose averaged predicted mean dropped mass is at most tau. */
    public long kStarAveraged(int n, double scale, double tau) {
        if (averaged(n, scale, m -> m.tau(1)) <= tau) return 1;
        long lo = 1, hi = n;
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (averaged(n, scale, m -> m.tau(mid)) <= tau) hi = mid; else lo = mid;
        }
        return hi;
    }
}
