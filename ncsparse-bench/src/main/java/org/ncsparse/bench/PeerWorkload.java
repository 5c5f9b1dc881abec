package org.ncsparse.bench;

import java.util.SplittableRandom;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.AttentionKernel;

/**
 * The benchmark shape: self-attention (m = n) over {@code heads} heads with as many KV heads, Q, K, V
 * iid N(0, 1) from a fixed seed in layout [heads][n][d], scale 1/sqrt(d). Dense FLOPs per head:
 * 4 n^2 d (2 n^2 d for Q K^T, 2 n^2 d for P V), halved (to n(n+1)/2 pairs) when causal.
 */
public record PeerWorkload(int heads, int n, int d, boolean causal, int threads) {
    /** One head. */
    public PeerWorkload(int n, int d, boolean causal, int threads) { this(1, n, d, causal, threads); }

    public AttentionRequest request(AttentionKernel kernel, BudgetPolicy budget, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int len = Math.multiplyExact(heads, n * d);
        float[] q = gauss(rnd, len), k = gauss(rnd, len), v = gauss(rnd, len);
        return AttentionRequest.builder().query(q, heads, n, d).keys(k, heads, n).values(v, d).causal(causal)
                .threads(threads).kernel(kernel).budget(budget).build();
    }

    /** Dense FLOPs (the convention every GFLOP/s number here uses, also for top-k). */
    public double flops() {
        double pairs = causal ? n * (n + 1.0) / 2 : (double) n * n;
        return 4 * pairs * d * heads;
    }

    static float[] gauss(SplittableRandom rnd, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i += 2) { // Box-Muller, two normals per pair of uniforms
            double u = 1 - rnd.nextDouble(), w = rnd.nextDouble(), r = Math.sqrt(-2 * Math.log(u));
            a[i] = (float) (r * Math.cos(2 * Math.PI * w));
            if (i + 1 < len) a[i + 1] = (float) (r * Math.sin(2 * Math.PI * w));
        }
        return a;
    }
}
