package org.ncsparse.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/**
 * Checks the oracle itself against the textbook formula written independently here: the full
 * logit matrix, softmax by exp / sum, top-k by sorting boxed (value, index) pairs.
 */
class NaiveAttentionTest {

    @Test
    void referenceEqualsTextbookFormulaForExactAndTopK() {
        RandomInputs rnd = new RandomInputs(Seeds.fresh("naive"));
        int hq = 2, hkv = 1, m = 7, n = 23, d = 5, dv = 3;
        float[] q = rnd.gaussian(hq * m * d, 1), k = rnd.gaussian(n * d, 1), v = rnd.gaussian(n * dv, 1);
        float scale = 0.7f;
        AttentionRequest r = AttentionRequest.builder().query(q, hq, m, d).keys(k, hkv, n).values(v, dv)
                .scale(scale).causalOffset(n - m).kernel(ReferenceKernel.INSTANCE).build();
        for (int kk : new int[] {0, 1, 4, 30}) {
            float[] actual = Attention.compute(r.withBudget(kk == 0 ? null : BudgetPolicy.fixed(kk)));
            for (int h = 0; h < hq; h++) {
                for (int i = 0; i < m; i++) {
                    int vis = i + (n - m) + 1;
                    double[] l = new double[vis];
                    for (int j = 0; j < vis; j++) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) dot += (double) q[(h * m + i) * d + c] * k[j * d + c];
                        l[j] = scale * dot;
                    }
                    Integer[] order = new Integer[vis];
                    for (int j = 0; j < vis; j++) order[j] = j;
                    java.util.Arrays.sort(order, (a, b) -> l[a] != l[b] ? Double.compare(l[b], l[a]) : Integer.compare(a, b));
                    int keep = kk == 0 ? vis : Math.min(kk, vis);
                    double z = 0;
                    double[] o = new double[dv];
                    for (int t = 0; t < keep; t++) {
                        int j = order[t];
                        double w = Math.exp(l[j]);
                        z += w;
                        for (int c = 0; c < dv; c++) o[c] += w * v[j * dv + c];
                    }
                    for (int c = 0; c < dv; c++)
                        assertThat((double) actual[(h * m + i) * dv + c]).as("k=%d head %d row %d col %d", kk, h, i, c)
                                .isCloseTo(o[c] / z, org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }
}
