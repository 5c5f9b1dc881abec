package org.ncsparse.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.testing.Compare;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/**
 * The contract every attention kernel passes against the double-precision {@link ReferenceKernel}:
 * exact and sparse outputs, kept sets and kept masses, on shapes that hit every loop tail, causal
 * and not, grouped-query, with bias, with huge logits, for every budget policy. Subclasses only say
 * which kernel (the JCTools pattern).
 */
public abstract class KernelContractTest {

    protected abstract AttentionKernel kernel();

    /** (queryHeads, kvHeads, m, n, d, dv, causal, scale) shapes; tails of 8/16-lane loops and key blocks. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1, 1, 1, 1, 1, false, 1f),
                Arguments.of(1, 1, 3, 2, 3, 5, false, 0.5f),
                Arguments.of(2, 1, 5, 7, 16, 16, false, 0.25f),
                Arguments.of(1, 1, 17, 17, 17, 17, true, 0.25f),
                Arguments.of(4, 2, 9, 255, 64, 64, false, 0.125f),
                Arguments.of(2, 2, 33, 257, 64, 32, true, 1f),
                Arguments.of(3, 1, 8, 300, 67, 13, true, 0.3f),
                Arguments.of(1, 1, 70, 513, 128, 128, false, 0.0884f),
                Arguments.of(2, 1, 4, 1031, 31, 65, false, 1f),
                Arguments.of(1, 1, 100, 100, 8, 8, true, 2f));
    }

    static Stream<BudgetPolicy> policies() {
        return Stream.of(BudgetPolicy.fixed(1), BudgetPolicy.fixed(5), BudgetPolicy.fixed(64),
                BudgetPolicy.power(1, 0.5), BudgetPolicy.power(2.5, 0.3), BudgetPolicy.log(1),
                BudgetPolicy.threshold(1e-3), BudgetPolicy.mass(0.05), BudgetPolicy.mass(0),
                BudgetPolicy.sinkWindow(2, 7), BudgetPolicy.parse("sinkwindow:1,4+power:1,0.5"));
    }

    static Stream<Arguments> shapesTimesPolicies() {
        List<Arguments> all = new ArrayList<>();
        shapes().forEach(s -> policies().forEach(p -> {
            Object[] a = s.get();
            Object[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = p;
            all.add(Arguments.of(b));
        }));
        return all.stream();
    }

    private static AttentionRequest request(String name, int hq, int hkv, int m, int n, int d, int dv, boolean causal, float scale) {
        RandomInputs rnd = new RandomInputs(Seeds.fresh(name));
        AttentionRequest.Builder b = AttentionRequest.builder()
                .query(rnd.gaussian(hq * m * d, 1), hq, m, d)
                .keys(rnd.gaussian(hkv * n * d, 1), hkv, n)
                .values(rnd.gaussian(hkv * n * dv, 1), dv)
                .scale(scale);
        if (causal) b.causalOffset(Math.max(0, n - m));
        return b.build();
    }

    @ParameterizedTest(name = "exact hq={0} hkv={1} m={2} n={3} d={4} dv={5} causal={6}")
    @MethodSource("shapes")
    void exactMatchesReference(int hq, int hkv, int m, int n, int d, int dv, boolean causal, float scale) {
        AttentionRequest r = request("exact", hq, hkv, m, n, d, dv, causal, scale);
        float[] expected = Attention.compute(r.withKernel(ReferenceKernel.INSTANCE));
        float[] actual = Attention.compute(r.withKernel(kernel()));
        assertThat(Compare.relativeError(actual, expected)).isLessThanOrEqualTo(1e-5);
        assertThat(Compare.worstRowError(actual, expected, dv, 1e-2)).isLessThanOrEqualTo(1e-4);
    }

    @ParameterizedTest(name = "sparse {8} hq={0} m={2} n={3} d={4} causal={6}")
    @MethodSource("shapesTimesPolicies")
    void sparseMatchesReference(int hq, int hkv, int m, int n, int d, int dv, boolean causal, float scale, BudgetPolicy policy) {
        AttentionRequest r = request("sparse", hq, hkv, m, n, d, dv, causal, scale).withBudget(policy);
        Recorder expectedSets = new Recorder(), actualSets = new Recorder();
        float[] expected = Attention.compute(r.withKernel(ReferenceKernel.INSTANCE).withObserver(expectedSets));
        float[] actual = Attention.compute(r.withKernel(kernel()).withObserver(actualSets));
        boolean borderlineSwap = false;
        double[] logits = new double[n];
        for (int h = 0; h < hq; h++) {
            for (int i = 0; i < m; i++) {
                Recorder.Row e = expectedSets.get(h, i), a = actualSets.get(h, i);
                assertThat(a).as("observer row %d of head %d", i, h).isNotNull();
                if (!java.util.Arrays.equals(e.kept, a.kept)) {
                    ReferenceLogits.row(r, h, i, logits);
                    for (int j : symmetricDifference(e.kept, a.kept))
                        assertThat(Borderline.fragile(policy, logits, r.visible(i), j))
                                .as("head %d row %d key %d (logit %s) kept differently from the oracle without a near-tie", h, i, j, logits[j])
                                .isTrue();
                    borderlineSwap = true;
                    continue;
                }
                assertThat(a.keptMass).as("kept mass head %d row %d", h, i).isCloseTo(e.keptMass, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
        if (!borderlineSwap) {
            assertThat(Compare.relativeError(actual, expected)).isLessThanOrEqualTo(1e-5);
            assertThat(Compare.worstRowError(actual, expected, dv, 1e-2)).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void hugeLogitsStayExact() {
        // |logits| around 1e4: a naive exp overflows; max-subtraction keeps the result finite and as exact
        // as float32 logits allow. A float32 logit s*q.k carries an absolute error up to
        // delta = d * 2^-24 * s * sum_c |q_c k_c| (about 1e-2 here), so two keys whose logits lie within a
        // few units of each other get weights off by up to e^(2 delta) - 1 ~ 2 delta relative; the output
        // error is bounded by that times the condition sum_j p_j |v_j| / |o| (the reference run with |V|).
        RandomInputs rnd = new RandomInputs(Seeds.fresh("huge"));
        int m = 6, n = 50, d = 8;
        float scale = 4000f;
        float[] q = rnd.gaussian(m * d, 1), k = rnd.gaussian(n * d, 1), v = rnd.gaussian(n * d, 1);
        AttentionRequest r = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(scale).build();
        double delta = 0;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < d; c++) s += Math.abs((double) q[i * d + c] * k[j * d + c]);
                delta = Math.max(delta, d * 0x1p-24 * scale * s);
            }
        float[] absV = v.clone();
        for (int i = 0; i < absV.length; i++) absV[i] = Math.abs(absV[i]);
        for (BudgetPolicy p : new BudgetPolicy[] {null, BudgetPolicy.fixed(3), BudgetPolicy.mass(0.01)}) {
            float[] expected = Attention.compute(r.withBudget(p).withKernel(ReferenceKernel.INSTANCE));
            float[] actual = Attention.compute(r.withBudget(p).withKernel(kernel()));
            float[] magnitude = Attention.compute(r.toBuilder().values(absV, d).budget(p).kernel(ReferenceKernel.INSTANCE).build());
            double condition = Math.sqrt(sumSquares(magnitude) / sumSquares(expected));
            for (float x : actual) assertThat(Float.isFinite(x)).isTrue();
            assertThat(Compare.relativeError(actual, expected)).as("policy %s (delta %.2e, condition %.2f)", p, delta, condition)
                    .isLessThanOrEqualTo(1e-5 + 4 * delta * condition);
        }
    }

    @Test
    void maskedKeysGetNoWeight() {
        RandomInputs rnd = new RandomInputs(Seeds.fresh("mask"));
        int m = 4, n = 40, d = 16;
        float[] bias = new float[m * n];
        for (int i = 0; i < m * n; i++) if (i % n != 0 && rnd.nextInt(3) == 0) bias[i] = Float.NEGATIVE_INFINITY; else bias[i] = (float) rnd.gaussian();
        AttentionRequest r = AttentionRequest.builder().query(rnd.gaussian(m * d, 1), 1, m, d).keys(rnd.gaussian(n * d, 1), 1, n)
                .values(rnd.gaussian(n * d, 1), d).bias(bias).build();
        for (BudgetPolicy p : new BudgetPolicy[] {null, BudgetPolicy.fixed(4), BudgetPolicy.threshold(1e-2)}) {
            float[] expected = Attention.compute(r.withBudget(p).withKernel(ReferenceKernel.INSTANCE));
            float[] actual = Attention.compute(r.withBudget(p).withKernel(kernel()));
            assertThat(Compare.relativeError(actual, expected)).as("policy %s", p).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * Bitwise equality over thread counts 1..4 for every policy, and between the first call and a call
     * after warm-up (interpreted and JIT-compiled code must agree: no order-unspecified reductions).
     */
    @Test
    void threadsAndWarmUpDoNotChangeTheResult() {
        RandomInputs rnd = new RandomInputs(Seeds.fresh("threads"));
        int hq = 4, m = 160, n = 160, d = 32;
        AttentionRequest r = AttentionRequest.builder().query(rnd.gaussian(hq * m * d, 1), hq, m, d)
                .keys(rnd.gaussian(hq * n * d, 1), hq, n).values(rnd.gaussian(hq * n * d, 1), d).causal(true).kernel(kernel()).build();
        BudgetPolicy[] policies = {null, BudgetPolicy.fixed(16), BudgetPolicy.power(1, 0.5), BudgetPolicy.log(2),
                BudgetPolicy.mass(0.05), BudgetPolicy.threshold(1e-3), BudgetPolicy.sinkWindow(4, 64),
                BudgetPolicy.union(BudgetPolicy.sinkWindow(1, 8), BudgetPolicy.fixed(8))};
        for (BudgetPolicy p : policies) {
            AttentionRequest rp = r.withBudget(p);
            float[] one = Attention.compute(rp);
            for (int t = 2; t <= 4; t++)
                assertThat(Attention.compute(rp.toBuilder().threads(t).build())).as("policy %s, %d threads", p, t).containsExactly(one);
            if (kernel() != ReferenceKernel.INSTANCE) {
                for (int i = 0; i < 8; i++) Attention.compute(rp);
                assertThat(Attention.compute(rp)).as("policy %s after warm-up", p).containsExactly(one);
            }
        }
    }

    private static int[] symmetricDifference(int[] a, int[] b) {
        java.util.Set<Integer> inA = new java.util.HashSet<>(), inB = new java.util.HashSet<>();
        for (int x : a) inA.add(x);
        for (int x : b) inB.add(x);
        java.util.Set<Integer> diff = new java.util.TreeSet<>(inA);
        diff.addAll(inB);
        diff.removeIf(x -> inA.contains(x) && inB.contains(x));
        return diff.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Records what the observer saw, per (head, row). */
    static final class Recorder implements org.ncsparse.attention.SelectionObserver {
        record Row(int[] kept, double keptMass) {}
        final ConcurrentHashMap<Integer, Row> rows = new ConcurrentHashMap<>();
        @Override public void onRow(int head, int row, int visible, int[] kept, int count, double keptMass) {
            rows.put(key(head, row), new Row(java.util.Arrays.copyOf(kept, count), keptMass));
        }

        Row get(int head, int row) { return rows.get(key(head, row)); }

        private static int key(int head, int row) { return head * 1_000_000 + row; }
    }

    private static double sumSquares(float[] a) {
        double t = 0;
        for (float x : a) t += (double) x * x;
        return t;
    }
}
