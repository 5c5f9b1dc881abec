package org.ncsparse.workload;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ncsparse.attention.AttentionRequest;

/**
 * Synthetic prefill inputs, one head, Q and K [n][d], V [n][d]:
 * <ul>
 *   <li>{@code gaussian}: iid N(0,1), scale 1/sqrt(d) — flat attention, no structure;</li>
 *   <li>{@code peaked}: iid N(0,1), scale 1 — a few keys per row carry the mass, scattered at random;</li>
 *   <li>{@code drift}: queries and keys each drift along the sequence (independent AR(1) processes per
 *       dimension, rho = 0.995), scale 1 — peaked, and neighbouring queries favour the same
 *       neighbourhoods of keys, the locality block-sparse methods rely on.</li>
 * </ul>
 */
public final class PrefillWorkload {
    private PrefillWorkload() {}

    public static final String[] NAMES = {"gaussian", "peaked", "drift"};

    public static AttentionRequest generate(String name, int n, int d, boolean causal, int threads, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] q = new float[n * d], k = new float[n * d], v = new float[n * d];
        float scale;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gaussian" -> { gaussian(rnd, q); gaussian(rnd, k); scale = (float) (1 / Math.sqrt(d)); }
            case "peaked" -> { gaussian(rnd, q); gaussian(rnd, k); scale = 1f; }
            case "drift" -> { drift(rnd, q, n, d); drift(rnd, k, n, d); scale = 1f; }
            default -> throw new IllegalArgumentException("workload must be one of " + String.join(", ", NAMES) + ", got '" + name + "'");
        }
        gaussian(rnd, v);
        return AttentionRequest.builder().query(q, 1, n, d).keys(k, 1, n).values(v, d).scale(scale).causal(causal).threads(threads).build();
    }

    private static void drift(SplittableRandom rnd, float[] a, int n, int d) {
        double rho = 0.995, innovation = Math.sqrt(1 - rho * rho);
        for (int c = 0; c < d; c++) {
            double x = normal(rnd);
            for (int j = 0; j < n; j++) { x = rho * x + innovation * normal(rnd); a[j * d + c] = (float) x; }
        }
    }

    private static void gaussian(SplittableRandom rnd, float[] a) {
        for (int i = 0; i < a.length; i++) a[i] = (float) normal(rnd);
    }

    private static double normal(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble(), w = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
