package org.ncsparse.theory;

import java.util.SplittableRandom;

/**
 * A finite-n prediction for one row of n iid logits N(0, sigma^2), valid in both phases:
 * "random extremes + mean-field bulk".
 *
 * <p>The top K order statistics are drawn exactly: uniform order statistics are
 * (G_1, ..., G_K) / G_{n+1} with G_i the arrival times of a unit Poisson process, so the i-th
 * largest logit is sigma * PhiBar^{-1}(G_i / G_{n+1}). The remaining n - K logits are iid below the
 * K-th one, t_K, and their total weight is replaced by its mean (law of large numbers),
 * <pre>  B = (n - K) e^{sigma^2/2} Phi(t_K - sigma) / Phi(t_K)  </pre>
 * (the exponential tilt again). The dropped mass beyond rank k &gt; K uses the bulk quantile
 * t_k with Phi(t_k)/Phi(t_K) = (n - k)/(n - K). In the frozen phase the extremes carry the mass and
 * are exact; in the dense phase the bulk carries it and the mean is exact to O(n^{-1/2}): so this
 * reduces to PD(m) and to {@link DenseTail} in the two limits. Expectations are averages over
 * {@code samples} draws with a fixed seed, so the predictions are deterministic.
 */
public final class FiniteNTail {
    private final long n;
    private final double sigma;
    private final int samples, top;
    private final double[] u1, logTot, tK, logPhiTK; // per sample
    private final double[][] prefix;                   // per sample: kept weight of ranks 1..K, relative to the top
    private final double[] meanTau;                     // E tau(k) for k = 1..K

    public static final int DEFAULT_SAMPLES = 1000, DEFAULT_TOP = 256;
    public static final long DEFAULT_SEED = 0x5EED_2404_02690L;

    public static FiniteNTail of(long n, double sigma) { return of(n, sigma, DEFAULT_SAMPLES, DEFAULT_TOP, DEFAULT_SEED); }

    public static FiniteNTail of(long n, double sigma, int samples, int top, long seed) {
        return new FiniteNTail(n, sigma, samples, top, seed);
    }

    private FiniteNTail(long n, double sigma, int samples, int top, long seed) {
        if (n < 2) throw new IllegalArgumentException("n must be >= 2, got " + n);
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, got " + samples);
        if (top < 1) throw new IllegalArgumentException("top must be >= 1, got " + top);
        this.n = n; this.sigma = sigma; this.samples = samples;
        this.top = (int) Math.min(n, n <= 4L * top ? n : top);
        u1 = new double[samples]; logTot = new double[samples]; tK = new double[samples]; logPhiTK = new double[samples];
        prefix = new double[samples][this.top];
        meanTau = new double[this.top];
        SplittableRandom rnd = new SplittableRandom(seed ^ Double.doubleToLongBits(sigma) * 31 ^ n);
        double[] g = new double[this.top];
        for (int s = 0; s < samples; s++) draw(rnd, g, s);
        for (int k = 0; k < this.top; k++) meanTau[k] /= samples;
    }

    private void draw(SplittableRandom rnd, double[] g, int s) {
        int kTop = top;
        double acc = 0;
        for (int i = 0; i < kTop; i++) { acc += -Math.log(1 - rnd.nextDouble()); g[i] = acc; }
        // G_{n+1} = G_K + Gamma(n + 1 - K); for large shape the Gamma is normal to O(shape^{-1/2}).
        double rest = n + 1 - kTop;
        double gEnd = acc + (kTop == n ? -Math.log(1 - rnd.nextDouble()) : Math.max(1, rest + Math.sqrt(rest) * rnd.nextGaussian()));
        double first = QuantileTable.isf(g[0] / gEnd);
        double[] pre = prefix[s];
        double kept = 0, last = first;
        for (int i = 0; i < kTop; i++) {
            double p = g[i] / gEnd;
            double x = i == 0 ? first : (p < 1 ? QuantileTable.isf(p) : -40);
            last = x;
            kept += Math.exp(sigma * (x - first));
            pre[i] = kept;
        }
        double total = kept;
        double lphi = Normal.logSf(-last);
        if (kTop < n) total += Math.exp(logBulk(n - kTop, lphi, last) - sigma * first);
        u1[s] = first; logTot[s] = Math.log(total); tK[s] = last; logPhiTK[s] = lphi;
        for (int k = 0; k < kTop; k++) meanTau[k] += 1 - pre[k] / total;
    }

    /** ln of (n-K) e^{sigma^2/2} Phi(t - sigma)/Phi(t_K): the bulk weight below t (absolute scale). */
    private double logBulk(double count, double logPhiTk, double t) {
        return Math.log(count) + sigma * sigma / 2 + Normal.logSf(sigma - t) - logPhiTk;
    }

    public long n() { return n; }
    public double sigma() { return sigma; }
    public double m() { return Phase.m(n, sigma); }

    /** Predicted mean top-k dropped mass E tau(k). */
    public double tau(long k) {
        if (k < 1) return 1;
        if (k >= n) return 0;
        if (k <= top) return meanTau[(int) k - 1];
        double sum = 0;
        for (int s = 0; s < samples; s++) sum += Math.exp(logDroppedBeyond(s, k));
        return sum / samples;
    }

    /** ln(dropped mass) of sample s when the k &gt; K largest are kept. */
    private double logDroppedBeyond(int s, long k) {
        // Rank-k bulk quantile t_k: PhiBar(t_k) = ((k - K) + PhiBar(t_K)(n - k)) / (n - K).
        double sfK = -Math.expm1(logPhiTK[s]);
        double p = ((k - top) + sfK * (n - k)) / (double) (n - top);
        double tk = QuantileTable.isf(Math.min(p, 1 - 1e-16));
        double logMass = logBulk(n - top, logPhiTK[s], tk);
        return logMass - sigma * u1[s] - logTot[s];
    }

    /** Smallest k with E tau(k) &le; tau: the budget for a target mean dropped mass. */
    public long kStar(double tau) {
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        long lo = 1, hi = n;
        if (tau(1) <= tau) return 1;
        while (hi - lo > 1) { // invariant: tau(lo) > tau >= tau(hi)
            long mid = (lo + hi) >>> 1;
            if (tau(mid) <= tau) hi = mid; else lo = mid;
        }
        return hi;
    }

    /** Predicted E S_eps = E #{j : p_j &ge; eps}. */
    public double sEps(double eps) {
        if (!(eps > 0 && eps < 1)) throw new IllegalArgumentException("eps must be in (0, 1), got " + eps);
        double sum = 0, logEps = Math.log(eps);
        for (int s = 0; s < samples; s++) {
            double[] pre = prefix[s];
            double logZ = sigma * u1[s] + logTot[s];
            // p_j >= eps  <=>  sigma x_j >= ln eps + ln Z
            double v = (logEps + logZ) / sigma;
            int count = 0;
            double prev = 0;
            for (int i = 0; i < top; i++) {
                double w = pre[i] - prev; prev = pre[i];
                if (Math.log(w) + sigma * u1[s] - logZ >= logEps) count++; else break;
            }
            double extra = 0;
            if (count == top && top < n && v < tK[s]) {
                double phiTK = Math.exp(logPhiTK[s]);
                extra = (n - top) * (phiTK - Normal.cdf(v)) / phiTK;
            }
            sum += count + extra;
        }
        return sum / samples;
    }

    /** Predicted E k_mass(1 - tau): per draw, the smallest k whose top-k mass reaches 1 - tau. */
    public double kMass(double tau) {
        if (!(tau > 0 && tau < 1)) throw new IllegalArgumentException("tau must be in (0, 1), got " + tau);
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            double[] pre = prefix[s];
            double total = Math.exp(logTot[s]);
            int k = -1;
            for (int i = 0; i < top; i++) if (1 - pre[i] / total <= tau) { k = i + 1; break; }
            if (k < 0) {
                long lo = top, hi = n; // dropped(lo) > tau >= dropped(hi) = 0
                while (hi - lo > 1) {
                    long mid = (lo + hi) >>> 1;
                    if (Math.exp(logDroppedBeyond(s, mid)) <= tau) hi = mid; else lo = mid;
                }
                sum += hi;
            } else sum += k;
        }
        return sum / samples;
    }
}
