package org.ncsparse.kernel.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.AttentionKernel;
import org.ncsparse.kernel.KernelProvider;
import org.ncsparse.kernel.ReferenceKernel;

/**
 * VectorKernel against the double-precision oracle: outputs within 1e-5 relative (float32), the
 * same kept sets and kept mass on random (tie-free) inputs. Shapes hit every loop tail: rows
 * around the tile width (4 vectors of lanes), keys around the key block and the 4-key micro-kernel,
 * d and dv around the vector length, the 4-wide value tile and the packed value chunk.
 */
class VectorKernelAgreementTest {
    static final AttentionKernel FAST = VectorKernel.INSTANCE;

    record Shape(int hq, int hkv, int m, int n, int d, int dv, boolean causal, boolean bias, int threads) {}

    static Stream<Arguments> shapes() {
        int L = Vec.L, br = QueryTile.BR, kb = TilePlan.KB;
        List<Arguments> out = new ArrayList<>();
        int[][] mn = {{1, 1}, {1, 300}, {3, 7}, {4, 4}, {5, 70}, {br - 1, kb + 1}, {br, kb}, {br + 1, 2 * kb + 3},
                {2 * br + 5, 257}, {70, 70}, {L + 3, 33}, {130, 400}};
        int pc = QueryTile.PACK_COLS; // value rows up to, at and past one packed column chunk
        int[][] dd = {{1, 1}, {3, 5}, {L, L}, {L + 1, 3}, {32, 32}, {64, 64}, {67, 66}, {128, 128}, {L, pc}, {5, pc + 1}, {9, pc + 44}};
        long seed = 1;
        for (int[] a : mn) for (int[] b : dd) {
            if ((long) a[0] * a[1] * b[0] > 3_000_000) continue;
            boolean causal = (seed & 1) == 0, bias = seed % 5 == 0;
            int hq = seed % 3 == 0 ? 4 : 1, hkv = hq == 4 ? 2 : 1;
            out.add(Arguments.of(new Shape(hq, hkv, a[0], a[1], b[0], b[1], causal, bias, seed % 4 == 0 ? 2 : 1), seed));
            seed++;
        }
        return out.stream();
    }

    static AttentionRequest request(Shape s, long seed) {
        Random rnd = new Random(seed);
        float[] q = gauss(rnd, s.hq * s.m * s.d, 1), k = gauss(rnd, s.hkv * s.n * s.d, 1), v = gauss(rnd, s.hkv * s.n * s.dv, 1);
        AttentionRequest.Builder b = AttentionRequest.builder().query(q, s.hq, s.m, s.d).keys(k, s.hkv, s.n)
                .values(v, s.dv).scale(1.5f / (float) Math.sqrt(s.d)).threads(s.threads);
        if (s.causal && s.m <= s.n) b.causal(true);
        if (s.bias) {
            float[] bias = gauss(rnd, s.m * s.n, 0.5f);
            for (int i = 0; i < s.m; i++) for (int j = 1; j < s.n; j += 3) bias[i * s.n + j] = Float.NEGATIVE_INFINITY;
            b.bias(bias);
        }
        return b.build();
    }

    static float[] gauss(Random rnd, int len, float sd) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) rnd.nextGaussian() * sd;
        return a;
    }

    static final BudgetPolicy[] BUDGETS = {null, BudgetPolicy.fixed(1), BudgetPolicy.fixed(5), BudgetPolicy.power(1, 0.5),
            BudgetPolicy.power(0.5, 0.7), BudgetPolicy.log(2), BudgetPolicy.threshold(1e-3), BudgetPolicy.mass(0.1),
            BudgetPolicy.sinkWindow(2, 8), BudgetPolicy.union(BudgetPolicy.sinkWindow(1, 4), BudgetPolicy.power(1, 0.5))};

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("shapes")
    void agreesWithReference(Shape s, long seed) {
        AttentionRequest base = request(s, seed);
        for (BudgetPolicy p : BUDGETS) {
            Map<Long, int[]> keptRef = new ConcurrentHashMap<>(), keptFast = new ConcurrentHashMap<>();
            Map<Long, Double> massRef = new ConcurrentHashMap<>(), massFast = new ConcurrentHashMap<>();
            AttentionRequest rr = base.withBudget(p).withKernel(ReferenceKernel.INSTANCE).withObserver(
                    (h, row, vis, kept, count, mass) -> { keptRef.put(h * 1_000_000L + row, java.util.Arrays.copyOf(kept, count)); massRef.put(h * 1_000_000L + row, mass); });
            AttentionRequest fr = base.withBudget(p).withKernel(FAST).withObserver(
                    (h, row, vis, kept, count, mass) -> { keptFast.put(h * 1_000_000L + row, java.util.Arrays.copyOf(kept, count)); massFast.put(h * 1_000_000L + row, mass); });
            float[] ref = Attention.compute(rr), fast = Attention.compute(fr);
            String what = s + " seed=" + seed + " budget=" + (p == null ? "exact" : p.spec());
            assertClose(magnitude(rr), ref, fast, s.dv, what);
            assertThat(keptFast.keySet()).as(what).isEqualTo(keptRef.keySet());
            for (Long key : keptRef.keySet()) {
                assertThat(keptFast.get(key)).as(what + " kept set of row " + key).isEqualTo(keptRef.get(key));
                assertThat(massFast.get(key)).as(what + " kept mass of row " + key).isCloseTo(massRef.get(key), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /**
     * The condition of each output: sum_j p'_j |v_j| (the reference run with |V|). Rounding errors in
     * o = sum_j p'_j v_j scale with it, not with |o|, which cancellation can make arbitrarily small.
     */
    static float[] magnitude(AttentionRequest r) {
        float[] absV = r.v().clone();
        for (int i = 0; i < absV.length; i++) absV[i] = Math.abs(absV[i]);
        return Attention.compute(r.toBuilder().values(absV, r.dv()).observer(null).kernel(ReferenceKernel.INSTANCE).build());
    }

    /** |fast - ref| <= 1e-5 * max over the row of sum_j p'_j |v_j| + 1e-7 per element: float32 rounding, at any vector width. */
    static void assertClose(float[] magnitude, float[] ref, float[] fast, int dv, String what) {
        for (int row = 0; row * dv < ref.length; row++) {
            double scale = 0;
            for (int c = 0; c < dv; c++) scale = Math.max(scale, magnitude[row * dv + c]);
            for (int c = 0; c < dv; c++) {
                int i = row * dv + c;
                double err = Math.abs(fast[i] - ref[i]);
                if (!(err <= 1e-5 * scale + 1e-7))
                    throw new AssertionError(what + ": output row " + row + " col " + c + " ref=" + ref[i] + " fast=" + fast[i] + " err/condition=" + err / scale);
            }
        }
    }

    @Test
    void tiesGoToTheLowerIndex() {
        // small integer inputs with scale 1: exact logits with many ties, in float and double alike
        Random rnd = new Random(7);
        int m = 70, n = 600, d = 4;
        float[] q = new float[m * d], k = new float[n * d], v = gauss(rnd, n * d, 1);
        for (int i = 0; i < q.length; i++) q[i] = rnd.nextInt(3) - 1;
        for (int i = 0; i < k.length; i++) k[i] = rnd.nextInt(3) - 1;
        AttentionRequest base = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(1f).causal(true).build();
        for (BudgetPolicy p : new BudgetPolicy[] {BudgetPolicy.fixed(1), BudgetPolicy.fixed(7), BudgetPolicy.power(1, 0.5), BudgetPolicy.fixed(70)}) {
            Map<Long, int[]> ref = new ConcurrentHashMap<>(), fast = new ConcurrentHashMap<>();
            float[] a = Attention.compute(base.withBudget(p).withKernel(ReferenceKernel.INSTANCE).withObserver((h, row, vis, kept, c, mass) -> ref.put((long) row, java.util.Arrays.copyOf(kept, c))));
            float[] b = Attention.compute(base.withBudget(p).withKernel(FAST).withObserver((h, row, vis, kept, c, mass) -> fast.put((long) row, java.util.Arrays.copyOf(kept, c))));
            assertClose(magnitude(base.withBudget(p)), a, b, d, "ties " + p.spec());
            for (Long row : ref.keySet()) assertThat(fast.get(row)).as("ties " + p.spec() + " row " + row).isEqualTo(ref.get(row));
        }
    }

    @Test
    void largeLogitsStayExact() {
        Shape s = new Shape(1, 1, 70, 130, 16, 16, false, false, 1);
        AttentionRequest r = request(s, 99).toBuilder().scale(400f).build(); // logits ~ +-1e3: a naive exp overflows
        assertClose(magnitude(r), Attention.compute(r.withKernel(ReferenceKernel.INSTANCE)), Attention.compute(r.withKernel(FAST)), 16, "large logits");
    }

    /**
     * Logits that climb along the keys, by more than the dense kernel's lazy-shift lag (2^8 in
     * weight) between key blocks, and fall again: each row's shift is raised in many blocks and the
     * rescaled running sums and outputs must still match the oracle (causal and not, with a bias).
     */
    @Test
    void maximaThatKeepGrowingAreRescaledExactly() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int m = QueryTile.BR + 3, n = 5 * TilePlan.KB + 7, d = 8;
        float[] q = new float[m * d], k = new float[n * d], v = gauss(rnd, n * d, 1);
        for (int i = 0; i < m; i++) { q[i * d] = 1f; for (int c = 1; c < d; c++) q[i * d + c] = (float) rnd.nextGaussian(); }
        for (int j = 0; j < n; j++) {
            k[j * d] = 30f * (float) Math.sin(3.0 * j / n) * j / TilePlan.KB; // rises by ~30 per key block, then falls
            for (int c = 1; c < d; c++) k[j * d + c] = (float) rnd.nextGaussian();
        }
        for (boolean causal : new boolean[] {false, true}) {
            AttentionRequest r = AttentionRequest.builder().query(q, 1, m, d).keys(k, 1, n).values(v, d).scale(0.7f)
                    .causal(causal).bias(gauss(rnd, m * n, 2f)).build();
            assertClose(magnitude(r), Attention.compute(r.withKernel(ReferenceKernel.INSTANCE)), Attention.compute(r.withKernel(FAST)), d,
                    "growing maxima causal=" + causal + " seed=" + seed);
        }
    }

    @Test
    void providerPicksTheKernelOfTheChosenWidth() {
        assertThat(KernelProvider.best()).isSameAs(org.ncsparse.kernel.Simd.vectorized() ? VectorKernel.INSTANCE : KernelProvider.scalar());
        assertThat(FAST.name()).isEqualTo("vector" + Vec.S.vectorBitSize());
    }
}
