package org.ncsparse.lab;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Where the synthetic query/key/value rows come from. Logits of row r are
 * z_rj = scale * q_r . k_j (+ planted bonuses for {@link Distribution#NEEDLE}).
 * <ul>
 *   <li>GAUSSIAN: Q, K, V with iid N(0, 1) entries (the paper's simulation). Given q, the logits of a
 *       row are iid N(0, sigma^2) with sigma = scale * ||q|| ~ scale * sqrt(d).</li>
 *   <li>BOUNDED: q and k uniform on the sphere of radius B, so |z| &le; R = scale * B^2 (the paper's
 *       bounded-weight setting with W = scale * I and ||x|| = B).</li>
 *   <li>NEEDLE: GAUSSIAN plus, per row, {@code needles} random keys whose logit gets +needleBoost, and
 *       the first {@code sinks} keys get +sinkBoost (attention sinks).</li>
 * </ul>
 */
public record Workload(Distribution distribution, int d, int dv, double radius,
                       int needles, double needleBoost, int sinks, double sinkBoost) {

    public enum Distribution {
        GAUSSIAN, BOUNDED, NEEDLE;

        public static Distribution parse(String s) {
            for (Distribution x : values()) if (x.name().equalsIgnoreCase(s)) return x;
            throw new IllegalArgumentException("distribution must be one of gaussian, bounded, needle; got '" + s + "'");
        }
    }

    public Workload {
        if (distribution == null) throw new IllegalArgumentException("distribution must not be null");
        if (d < 1) throw new IllegalArgumentException("d must be >= 1, got " + d);
        if (dv < 1) throw new IllegalArgumentException("dv must be >= 1, got " + dv);
        if (!(radius > 0) || Double.isInfinite(radius)) throw new IllegalArgumentException("radius B must be finite and > 0, got " + radius);
        if (needles < 0 || sinks < 0) throw new IllegalArgumentException("needles and sinks must be >= 0");
    }

    public static Workload gaussian(int d, int dv) { return new Workload(Distribution.GAUSSIAN, d, dv, 1, 0, 0, 0, 0); }

    public String describe() {
        return switch (distribution) {
            case GAUSSIAN -> String.format(Locale.ROOT, "Gaussian Q, K, V (iid N(0,1)), d=%d, dv=%d", d, dv);
            case BOUNDED -> String.format(Locale.ROOT, "bounded rows on the sphere of radius B=%g, d=%d, dv=%d", radius, d, dv);
            case NEEDLE -> String.format(Locale.ROOT, "Gaussian + %d needles (+%g) + %d sinks (+%g), d=%d, dv=%d",
                    needles, needleBoost, sinks, sinkBoost, d, dv);
        };
    }

    /** Random stream for (seed, n, stream): a fixed mix, so results do not depend on thread order. */
    static SplittableRandom random(long seed, int n, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L + n * 0xC2B2AE3D27D4EB4FL + stream * 0x165667B19E3779F9L;
        return new SplittableRandom(h ^ (h >>> 29));
    }

    /** Draws the batch of {@code rows} queries against n keys for one (seed, n). */
    public RowBatch draw(long seed, int n, int rows) { return draw(seed, n, rows, 0); }

    RowBatch draw(long seed, int n, int rows, int stream) {
        SplittableRandom rk = random(seed, n, 3 * stream), rq = random(seed, n, 3 * stream + 1), rv = random(seed, n, 3 * stream + 2);
        double[] k = gaussians(rk, n, d), q = gaussians(rq, rows, d), v = gaussians(rv, n, dv);
        if (distribution == Distribution.BOUNDED) { toSphere(k, n, d, radius); toSphere(q, rows, d, radius); }
        double[][] dots = new double[rows][n];
        for (int r = 0; r < rows; r++) {
            double[] row = dots[r];
            int qo = r * d;
            for (int j = 0; j < n; j++) {
                double s = 0;
                int ko = j * d;
                for (int t = 0; t < d; t++) s += q[qo + t] * k[ko + t];
                row[j] = s;
            }
        }
        int[][] needlePos = new int[rows][];
        if (distribution == Distribution.NEEDLE) {
            SplittableRandom rn = random(seed, n, 3 * stream + 100);
            for (int r = 0; r < rows; r++) {
                needlePos[r] = new int[Math.min(needles, n)];
                for (int i = 0; i < needlePos[r].length; i++) needlePos[r][i] = rn.nextInt(n);
            }
        }
        return new RowBatch(this, n, rows, dots, v, needlePos);
    }

    private static double[] gaussians(SplittableRandom r, int count, int dim) {
        double[] a = new double[count * dim];
        for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static void toSphere(double[] a, int count, int dim, double radius) {
        for (int i = 0; i < count; i++) {
            double s = 0;
            for (int t = 0; t < dim; t++) s += a[i * dim + t] * a[i * dim + t];
            double f = radius / Math.sqrt(s);
            for (int t = 0; t < dim; t++) a[i * dim + t] *= f;
        }
    }
}
