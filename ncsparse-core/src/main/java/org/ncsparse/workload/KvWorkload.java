package org.ncsparse.workload;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic KV caches for decoding experiments, one kv head, keys [n][d], values [n][dv], a query [d]:
 * <ul>
 *   <li>{@code gaussian}: iid N(0,1) keys and query, scale 1/sqrt(d) — flat (dense-phase) attention,
 *       no structure: the worst case for any sub-linear selector;</li>
 *   <li>{@code peaked}: the same iid keys with scale 1 (logit spread sqrt(d) above sqrt(2 ln n)): a few
 *       keys carry the mass, but they sit anywhere, unrelated to their neighbours;</li>
 *   <li>{@code drift-needles}: keys drift slowly along the sequence (AR(1) per dimension, rho = 0.995,
 *       the local similarity of real KV caches) and 8 short spans of 4 "needle" keys point towards the
 *       query; scale 1/sqrt(d) — peaked and structured.</li>
 * </ul>
 */
public record KvWorkload(String name, int n, int d, float[] keys, float[] values, float[] query, float scale) {

    public static final String[] NAMES = {"gaussian", "peaked", "drift-needles"};

    public static KvWorkload generate(String name, int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] k = new float[n * d], v = gaussian(rnd, n * d), q = gaussian(rnd, d);
        float scale = (float) (1 / Math.sqrt(d));
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> fillGaussian(rnd, k);
            case "peaked" -> { fillGaussian(rnd, k); scale = 1f; }
            case "drift-needles" -> driftWithNeedles(rnd, k, q, n, d);
            default -> throw new IllegalArgumentException("workload must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        return new KvWorkload(name, n, d, k, v, q, scale);
    }

    private static void driftWithNeedles(SplittableRandom rnd, float[] k, float[] q, int n, int d) {
        double rho = 0.995, innovation = Math.sqrt(1 - rho * rho);
        for (int c = 0; c < d; c++) {
            double x = gaussian(rnd);
            for (int j = 0; j < n; j++) { x = rho * x + innovation * gaussian(rnd); k[j * d + c] = (float) x; }
        }
        double qNorm = 0;
        for (float x : q) qNorm += x * x;
        qNorm = Math.sqrt(qNorm);
        // needle keys: half their own direction, plus 3 sqrt(d) along q/|q| -> logit about 3 sqrt(d) above the bulk
        for (int span = 0; span < 8; span++) {
            int start = rnd.nextInt(Math.max(1, n - 4));
            for (int j = start; j < Math.min(n, start + 4); j++)
                for (int c = 0; c < d; c++) k[j * d + c] = (float) (0.5 * k[j * d + c] + 3 * Math.sqrt(d) * q[c] / qNorm);
        }
    }

    private static void fillGaussian(SplittableRandom rnd, float[] a) {
        for (int i = 0; i < a.length; i++) a[i] = (float) gaussian(rnd);
    }

    private static float[] gaussian(SplittableRandom rnd, int size) {
        float[] a = new float[size];
        fillGaussian(rnd, a);
        return a;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
