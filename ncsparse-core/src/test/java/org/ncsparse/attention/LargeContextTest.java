package org.ncsparse.attention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.ReferenceLogits;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/**
 * n = 131072 keys, d = 64, 64 query rows, one head — run by Surefire in its own JVM with -Xmx512m
 * (see the core pom). Q, K, V take 64 MiB; an n x n float buffer would need 64 GiB, so passing
 * proves the kernels stream. Spot rows are checked against the double-precision oracle.
 */
class LargeContextTest {
    private static final int N = 131_072, M = 64, D = 64;

    @Test
    void exactAndSparseAttentionAtN131072FitInASmallHeap() {
        assertThat(Runtime.getRuntime().maxMemory()).as("run with -Xmx512m").isLessThanOrEqualTo(600L << 20);
        RandomInputs rnd = new RandomInputs(Seeds.fresh("large"));
        AttentionRequest r = AttentionRequest.builder().query(rnd.gaussian(M * D, 1), 1, M, D)
                .keys(rnd.gaussian(N * D, 1), 1, N).values(rnd.gaussian(N * D, 1), D).scale(0.25f).threads(2).build();
        float[] exact = Attention.exact(r);
        float[] sparse = Attention.sparse(r, BudgetPolicy.power(1, 0.5));
        double[] logits = new double[N];
        for (int i : new int[] {0, 31, 63}) {
            double max = ReferenceLogits.row(r, 0, i, logits), z = 0;
            double[] o = new double[D];
            for (int j = 0; j < N; j++) {
                double w = Math.exp(logits[j] - max);
                z += w;
                for (int c = 0; c < D; c++) o[c] += w * r.v()[j * D + c];
            }
            double err = 0, norm = 0;
            for (int c = 0; c < D; c++) { err += Math.pow(exact[i * D + c] - o[c] / z, 2); norm += Math.pow(o[c] / z, 2); }
            assertThat(Math.sqrt(err / norm)).as("row %d relative error", i).isLessThan(1e-4);
        }
        for (float x : sparse) assertThat(Float.isFinite(x)).isTrue();
    }
}
