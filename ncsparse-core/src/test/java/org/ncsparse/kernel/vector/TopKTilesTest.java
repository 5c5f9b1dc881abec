package org.ncsparse.kernel.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ncsparse.kernel.vector.VectorKernelAgreementTest.assertClose;
import static org.ncsparse.kernel.vector.VectorKernelAgreementTest.gauss;
import static org.ncsparse.kernel.vector.VectorKernelAgreementTest.magnitude;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.kernel.AttentionKernel;
import org.ncsparse.kernel.ReferenceKernel;

/**
 * The top-k tiles with a short first block, so that one row crosses the long first block, many
 * later key blocks, bound raises, compactions and (with keys whose logits grow with the index)
 * buffer overflows: kept sets equal the double-precision oracle's, outputs within float32 rounding.
 */
class TopKTilesTest {

    /** TopKTiles with a first block of {@code segment} keys (the production one is ~1024). */
    static AttentionKernel withSegment(int segment) {
        return new AttentionKernel() {
            @Override public String name() { return "topk-segment-" + segment; }
            @Override public void compute(AttentionRequest r, int head, int rowStart, int rowEnd, float[] out) {
                TopKTiles.compute(r, head, rowStart, rowEnd, out, (CountBudget) r.budget(), segment);
            }
        };
    }

    static void assertSameAsReference(AttentionRequest base, AttentionKernel kernel, BudgetPolicy p, String what) {
        Map<Long, int[]> ref = new ConcurrentHashMap<>(), fast = new ConcurrentHashMap<>();
        float[] a = Attention.compute(base.withBudget(p).withKernel(ReferenceKernel.INSTANCE)
                .withObserver((h, row, vis, kept, c, mass) -> ref.put(h * 1_000_000L + row, java.util.Arrays.copyOf(kept, c))));
        float[] b = Attention.compute(base.withBudget(p).withKernel(kernel)
                .withObserver((h, row, vis, kept, c, mass) -> fast.put(h * 1_000_000L + row, java.util.Arrays.copyOf(kept, c))));
        String label = what + " " + kernel.name() + " " + p.spec();
        assertClose(magnitude(base.withBudget(p)), a, b, base.dv(), label);
        assertThat(fast.keySet()).as(label).isEqualTo(ref.keySet());
        for (Long row : ref.keySet()) assertThat(fast.get(row)).as(label + " kept set of row " + row).isEqualTo(ref.get(row));
    }

    @Test
    void manyKeyBlocksMatchTheReference() {
        long seed = System.nanoTime();
        System.out.println("TopKTilesTest.manyKeyBlocksMatchTheReference seed=" + seed);
        Random rnd = new Random(seed);
        int m = QueryTile.BR + 7, n = 9 * TilePlan.KB + 13, d = 24;
        for (boolean causal : new boolean[] {false, true}) {
            float[] q = gauss(rnd, 2 * m * d, 1), k = gauss(rnd, n * d, 1), v = gauss(rnd, n * d, 1);
            AttentionRequest.Builder builder = AttentionRequest.builder().query(q, 2, m, d).keys(k, 1, n).values(v, d)
                    .scale(2f / (float) Math.sqrt(d));
            if (causal) builder.causal(true);
            else { // a bias with masked keys: some rows have fewer open keys than the budget
                float[] bias = gauss(rnd, m * n, 0.5f);
                for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) if ((i + j) % 5 == 0 || (i == 3 && j > 4)) bias[i * n + j] = Float.NEGATIVE_INFINITY;
                builder.bias(bias);
            }
            AttentionRequest base = builder.build();
            for (int segment : new int[] {TilePlan.KB, 2 * TilePlan.KB + 5, 4096})
                for (BudgetPolicy p : new BudgetPolicy[] {BudgetPolicy.fixed(1), BudgetPolicy.power(1, 0.5), BudgetPolicy.fixed(40), BudgetPolicy.power(2, 0.5)})
                    assertSameAsReference(base, withSegment(segment), p, "seed=" + seed + " causal=" + causal);
        }
    }

    @Test
    void logitsGrowingWithTheKeyIndexOverflowAndStayExact() {
        // every key beats all earlier ones, so every key is admitted and the buffers overflow
        int m = 20, n = 3000, d = 2;
        float[] q = new float[m * d], k = new float[n * d], v = gauss(new Random(3), n * d, 1);
        for (int i = 0; i < m; i++) { q[i * d] = 1; q[i * d + 1] = 0.01f * i; }
        for (int j = 0; j < n; j++) { k[j * d] = j / (float) n; k[j * d + 1] = (j % 7) / 7f; }
        AttentionRequest base = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(30f).build();
        for (BudgetPolicy p : new BudgetPolicy[] {BudgetPolicy.fixed(5), BudgetPolicy.power(1, 0.5)})
            assertSameAsReference(base, withSegment(TilePlan.KB), p, "growing logits");
    }

    @Test
    void tiesAcrossBlocksGoToTheLowerIndex() {
        // small integer entries with scale 1: exact logits with many ties in float and double alike
        Random rnd = new Random(11);
        int m = 40, n = 1500, d = 3;
        float[] q = new float[m * d], k = new float[n * d], v = gauss(rnd, n * d, 1);
        for (int i = 0; i < q.length; i++) q[i] = rnd.nextInt(3) - 1;
        for (int i = 0; i < k.length; i++) k[i] = rnd.nextInt(3) - 1;
        AttentionRequest base = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(1f).build();
        for (BudgetPolicy p : new BudgetPolicy[] {BudgetPolicy.fixed(3), BudgetPolicy.power(1, 0.5), BudgetPolicy.fixed(200)})
            assertSameAsReference(base, withSegment(TilePlan.KB), p, "ties");
    }
}
