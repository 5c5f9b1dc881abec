package org.ncsparse.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;

/** SPEC section 6: every bad input fails at the facade with a message naming the argument. */
class RequestValidationTest {
    private static final int M = 2, N = 3, D = 4;

    private static AttentionRequest.Builder valid() {
        return AttentionRequest.builder().query(new float[M * D], 1, M, D).keys(new float[N * D], 1, N).values(new float[N * D], D);
    }

    private static void rejects(AttentionRequest.Builder b, String... fragments) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).message().contains(fragments);
    }

    @Test void validRequestBuilds() {
        assertThat(Attention.compute(valid().build())).hasSize(M * D);
    }

    @Test void shapeMismatches() {
        rejects(valid().query(new float[M * D + 1], 1, M, D), "q must have", "queryHeads*m*d");
        rejects(valid().keys(new float[N * D - 1], 1, N), "k must have", "kvHeads*n*d");
        rejects(valid().values(new float[N * D], D + 1), "v must have", "kvHeads*n*dv");
        rejects(valid().query(new float[3 * M * D], 3, M, D).keys(new float[2 * N * D], 2, N).values(new float[2 * N * D], D),
                "queryHeads must be a multiple of kvHeads");
        rejects(valid().bias(new float[M * N + 1]), "bias must have");
        rejects(valid().query(null, 1, M, D), "q must not be null");
    }

    @Test void emptyDimensions() {
        rejects(valid().keys(new float[0], 1, 0).values(new float[0], D), "n (keys) must be >= 1");
        rejects(valid().query(new float[0], 1, 0, D), "m (query rows) must be >= 1");
        rejects(valid().query(new float[0], 1, M, 0).keys(new float[0], 1, N), "d (head dimension) must be >= 1");
        rejects(valid().threads(0), "threads must be >= 1");
    }

    @Test void singleKeyIsFine() {
        AttentionRequest r = AttentionRequest.builder().query(new float[] {1, 2}, 1, 1, 2).keys(new float[] {3, 4}, 1, 1)
                .values(new float[] {7, -1}, 2).build();
        assertThat(Attention.compute(r)).containsExactly(7f, -1f);
        assertThat(Attention.sparse(r, BudgetPolicy.power(1, 0.5))).containsExactly(7f, -1f);
    }

    @Test void nonFiniteInputsAreRejectedByDefault() {
        float[] q = new float[M * D];
        q[5] = Float.NaN;
        rejects(valid().query(q, 1, M, D), "q[5] is NaN", "finite");
        float[] k = new float[N * D];
        k[0] = Float.POSITIVE_INFINITY;
        rejects(valid().keys(k, 1, N), "k[0] is Infinity");
        float[] v = new float[N * D];
        v[11] = Float.NEGATIVE_INFINITY;
        rejects(valid().values(v, D), "v[11] is -Infinity");
        rejects(valid().scale(Float.POSITIVE_INFINITY), "scale must be finite");
    }

    @Test void propagatePolicySkipsTheScanAndNaNFlowsThrough() {
        float[] v = new float[N * D];
        v[0] = Float.NaN;
        float[] out = Attention.compute(valid().values(v, D).nonFinite(NonFinitePolicy.PROPAGATE).build());
        assertThat(out[0]).isNaN();
    }

    @Test void biasRules() {
        float[] bias = new float[M * N];
        bias[1] = Float.NaN;
        rejects(valid().bias(bias), "bias[1] is NaN");
        bias[1] = Float.POSITIVE_INFINITY;
        rejects(valid().bias(bias), "bias[1] is Infinity");
        float[] masked = new float[M * N];
        java.util.Arrays.fill(masked, N, 2 * N, Float.NEGATIVE_INFINITY);
        rejects(valid().bias(masked), "masks every visible key of query row 1");
        float[] partly = new float[M * N];
        partly[0] = Float.NEGATIVE_INFINITY;
        assertThat(valid().bias(partly).build().bias()).isSameAs(partly);
    }

    @Test void causalOffsetMustLetRowZeroSeeAKey() {
        rejects(valid().causalOffset(-1), "causalOffset must be >= 0");
        AttentionRequest r = valid().causalOffset(0).build();
        assertThat(r.visible(0)).isEqualTo(1);
        assertThat(r.visible(1)).isEqualTo(2);
        assertThat(valid().causal(true).build().visible(0)).isEqualTo(N - M + 1);
    }

    @Test void facadeArguments() {
        AttentionRequest r = valid().build();
        assertThatThrownBy(() -> Attention.compute(r, new float[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out must have queryHeads*m*dv = " + M * D);
        assertThatThrownBy(() -> Attention.sparse(r, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy must not be null");
        assertThatThrownBy(() -> Attention.compute(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
