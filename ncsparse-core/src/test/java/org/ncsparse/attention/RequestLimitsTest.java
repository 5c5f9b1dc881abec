package org.ncsparse.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.testing.Compare;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/**
 * Sizes computed in long, the causal default offset, validation once per request (copy-with shares
 * the validated arrays) and finite inputs that would overflow float32.
 */
class RequestLimitsTest {

    private static void rejects(AttentionRequest.Builder b, String... fragments) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).message().contains(fragments);
    }

    @Test void outputLargerThanAJavaArrayIsRefusedInBuild() {
        // q and v are small (2^16 floats each) but the output would be queryHeads*m*dv = 2^32 floats
        int m = 1 << 16, dv = 1 << 16;
        rejects(AttentionRequest.builder().query(new float[m], 1, m, 1).keys(new float[1], 1, 1).values(new float[dv], dv),
                "queryHeads*m*dv = 1*65536*65536 = 4294967296", "largest Java array");
        // heads multiply in long too: 2 heads * 2^15 rows * 2^15 values = 2^31
        int h = 2, rows = 1 << 15, w = 1 << 15;
        rejects(AttentionRequest.builder().query(new float[h * rows], h, rows, 1).keys(new float[h], h, 1).values(new float[h * w], w),
                "= 2147483648 floats");
    }

    @Test void causalWithMoreQueriesThanKeysNeedsAnExplicitOffset() {
        int m = 3, n = 2, d = 2;
        AttentionRequest.Builder b = AttentionRequest.builder().query(new float[m * d], 1, m, d).keys(new float[n * d], 1, n)
                .values(new float[n * d], d).causal(true);
        rejects(b, "causal attention with m = 3 query rows and n = 2 keys", "n - m = -1", "causalOffset");
        // an explicit offset is the caller's statement of where the queries sit: row i sees keys 0..i
        AttentionRequest r = b.causalOffset(0).build();
        assertThat(r.visible(0)).isEqualTo(1);
        assertThat(r.visible(2)).isEqualTo(2);
        for (float x : Attention.compute(r)) assertThat(x).isFinite();
    }

    @Test void copyWithSharesTheValidatedArraysAndDoesNotScanAgain() {
        long seed = Seeds.fresh("copy-with");
        RandomInputs in = new RandomInputs(seed);
        int m = 4, n = 9, d = 3;
        float[] q = in.gaussian(m * d, 1), k = in.gaussian(n * d, 1), v = in.gaussian(n * d, 1);
        AttentionRequest r = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).build();
        AttentionRequest sparse = r.withBudget(BudgetPolicy.fixed(2)), onRef = sparse.withKernel(ReferenceKernel.INSTANCE),
                observed = onRef.withObserver((head, row, visible, kept, count, keptMass) -> {});
        for (AttentionRequest c : new AttentionRequest[] {sparse, onRef, observed}) {
            assertThat(c.q()).isSameAs(q);
            assertThat(c.k()).isSameAs(k);
            assertThat(c.v()).isSameAs(v);
            assertThat(c.scale()).isEqualTo(r.scale());
        }
        assertThat(observed.budget()).isSameAs(sparse.budget());
        assertThat(observed.kernel()).isSameAs(ReferenceKernel.INSTANCE);
        assertThat(r.withBudget(null)).isSameAs(r);
        // arrays must not change after build(): a NaN written now is not seen by the O(1) copies ...
        q[1] = Float.NaN;
        assertThat(r.withBudget(BudgetPolicy.fixed(3)).q()[1]).isNaN();
        // ... while a rebuild validates again
        assertThatThrownBy(() -> r.toBuilder().build()).hasMessageContaining("q[1] is NaN");
    }

    @Test void logitsThatWouldOverflowFloatAreRejected() {
        int m = 2, n = 3, d = 4;
        float[] q = new float[m * d], k = new float[n * d];
        java.util.Arrays.fill(q, 1e19f);
        java.util.Arrays.fill(k, 1e19f);
        k[7] = -2e19f;
        rejects(AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(new float[n * d], d),
                "q and k are too large for float32 logits", "at q[0]", "at k[7]");
        // a huge finite bias added to moderate logits overflows as well
        float[] bias = new float[m * n];
        bias[4] = -3e38f;
        rejects(AttentionRequest.builder().query(new float[m * d], 1, m, d).keys(new float[n * d], 1, n).values(new float[n * d], d)
                .bias(bias), "max|bias|");
        // PROPAGATE skips the check: IEEE arithmetic decides
        assertThat(AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(new float[n * d], d)
                .nonFinite(NonFinitePolicy.PROPAGATE).build()).isNotNull();
    }

    @Test void valuesThatWouldOverflowTheWeightedSumAreRejected() {
        int n = 3, d = 2;
        float[] v = new float[n * d];
        v[5] = Float.MAX_VALUE;
        rejects(AttentionRequest.builder().query(new float[d], 1, 1, d).keys(new float[n * d], 1, n).values(v, d),
                "v is too large", "max at v[5]");
    }

    /**
     * Logits near 1e30 and values near 1e36 are inside the bounds: the result matches the double oracle.
     * sigma(v) = 5e35 keeps n max|v| below the validator's Float.MAX_VALUE / 2 unless a draw passes 8.5
     * sigma (about 1e-15 per run); with sigma = 1e36 a 4.3-sigma draw (0.7% of runs) made it reject.
     */
    @Test void largeButSafeInputsStayExact() {
        long seed = Seeds.fresh("large-inputs");
        RandomInputs in = new RandomInputs(seed);
        int m = 5, n = 40, d = 8;
        float[] q = in.gaussian(m * d, 1e15), k = in.gaussian(n * d, 1e15), v = in.gaussian(n * d, 5e35);
        AttentionRequest r = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(1f).build();
        float[] fast = Attention.compute(r), ref = Attention.compute(r.withKernel(ReferenceKernel.INSTANCE));
        for (float x : fast) assertThat(x).isFinite();
        // logits differ by ~1e29, so every row is one-hot: the output is the arg-max key's value row
        assertThat(Compare.relativeError(fast, ref)).isLessThan(1e-6);
        float[] sparse = Attention.sparse(r, BudgetPolicy.fixed(3)), sparseRef = Attention.compute(
                r.withBudget(BudgetPolicy.fixed(3)).withKernel(ReferenceKernel.INSTANCE));
        assertThat(Compare.relativeError(sparse, sparseRef)).isLessThan(1e-6);
    }
}
