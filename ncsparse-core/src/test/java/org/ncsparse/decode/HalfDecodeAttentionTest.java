package org.ncsparse.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.cache.HalfFloats;
import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.testing.Compare;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/**
 * Decode attention over F16/BF16 caches equals the double-precision oracle run on the rounded keys
 * and values: rounding happens once, on append, and the kernels compute in float32 on what is
 * stored — so the float32 tolerance of the F32 cache applies (1e-5 relative for these
 * well-conditioned rows: |logits| of a few units, d &le; 37, gaussian values).
 */
class HalfDecodeAttentionTest {
    private static final int HQ = 4, HKV = 2, DV = 19;
    private static final KvStorage[] HALVES = {KvStorage.F16, KvStorage.BF16};

    private record Setup(PagedKvCache cache, float[] q, AttentionRequest request) {}

    /** Keys drifting along the sequence (AR(1)) so page bounds are informative; the oracle gets them rounded. */
    private static Setup setup(String name, KvStorage st, int n, int pageSize, float scale, int d) {
        RandomInputs rnd = new RandomInputs(Seeds.fresh(name + st));
        float[] k = new float[HKV * n * d];
        double rho = 0.98, innovation = Math.sqrt(1 - rho * rho);
        for (int h = 0; h < HKV; h++) for (int c = 0; c < d; c++) {
            double x = rnd.gaussian();
            for (int j = 0; j < n; j++) { x = rho * x + innovation * rnd.gaussian(); k[(h * n + j) * d + c] = (float) x; }
        }
        float[] v = rnd.gaussian(HKV * n * DV, 1), q = rnd.gaussian(HQ * d, 1);
        float[] rk = k.clone(), rv = v.clone();
        for (int i = 0; i < rk.length; i++) rk[i] = st.round(rk[i]);
        for (int i = 0; i < rv.length; i++) rv[i] = st.round(rv[i]);
        AttentionRequest r = AttentionRequest.builder().query(q, HQ, 1, d).keys(rk, HKV, n).values(rv, DV)
                .scale(scale).kernel(ReferenceKernel.INSTANCE).build();
        return new Setup(PagedKvCache.of(k, v, HKV, n, d, DV, pageSize, st), q, r);
    }

    @Test void exactDecodeMatchesTheOracleOnRoundedKv() {
        for (KvStorage st : HALVES)
            for (int n : new int[] {1, 5, 63, 1000}) {
                Setup s = setup("halfExact" + n, st, n, 16, 0.3f, 37);
                float[] out = new float[HQ * DV];
                DecodeAttention.exact(s.cache(), s.q(), HQ, 0.3f, out);
                assertThat(Compare.relativeError(out, Attention.exact(s.request()))).as("%s n=%d", st, n).isLessThanOrEqualTo(1e-5);
            }
    }

    /**
     * One thread takes the grouped path (each kv head's query heads together, page by page), four
     * threads (more than the two kv heads) the head-by-head path: the same bits either way.
     */
    @Test void groupedAndHeadByHeadDecodingAgreeBitForBit() {
        for (KvStorage st : HALVES) {
            Setup s = setup("halfGrouped", st, 700, 32, 0.4f, 37);
            for (BudgetPolicy budget : new BudgetPolicy[] {null, BudgetPolicy.power(1, 0.5)}) {
                float[] grouped = new float[HQ * DV], byHead = new float[HQ * DV];
                DecodeRequest.Builder b = DecodeRequest.builder(s.cache(), s.q(), HQ).scale(0.4f).budget(budget);
                DecodeAttention.compute(b.threads(1).build(), grouped);
                DecodeAttention.compute(b.threads(4).build(), byHead);
                assertThat(grouped).as("%s, budget %s", st, budget).containsExactly(byHead);
            }
        }
    }

    @Test void topKDecodeMatchesSparseAttentionOnRoundedKeys() {
        for (KvStorage st : HALVES) {
            Setup s = setup("halfTopk", st, 777, 32, 0.5f, 37);
            for (BudgetPolicy p : new BudgetPolicy[] {BudgetPolicy.fixed(9), BudgetPolicy.power(1, 0.5), BudgetPolicy.mass(0.1)}) {
                float[] out = new float[HQ * DV];
                Map<Integer, int[]> decoded = new HashMap<>(), oracle = new HashMap<>();
                DecodeAttention.topK(s.cache(), s.q(), HQ, 0.5f, p, out, (h, row, vis, kept, count, mass) -> decoded.put(h, java.util.Arrays.copyOf(kept, count)));
                float[] expected = Attention.compute(s.request().withBudget(p)
                        .withObserver((h, row, vis, kept, count, mass) -> oracle.put(h, java.util.Arrays.copyOf(kept, count))));
                assertThat(Compare.relativeError(out, expected)).as("%s %s", st, p.spec()).isLessThanOrEqualTo(1e-5);
                for (int h = 0; h < HQ; h++) assertThat(decoded.get(h)).as("%s head %d, %s", st, h, p.spec()).containsExactly(oracle.get(h));
            }
        }
    }

    /** Page bounds over the stored keys stay valid: a certified head kept exactly the oracle's top-k of the rounded keys. */
    @Test void certifiedPageSelectionIsTheExactTopKOfTheRoundedKeys() {
        for (KvStorage st : HALVES) {
            int certifiedHeads = 0;
            for (int trial = 0; trial < 4; trial++) {
                Setup s = setup("halfPages" + trial, st, 4096, trial % 2 == 0 ? 16 : 64, 1f, 3); // blocks = pages, or 2 blocks per page
                CountBudget budget = (CountBudget) BudgetPolicy.power(1, 0.5);
                Map<Integer, int[]> selected = new HashMap<>(), oracle = new HashMap<>();
                DecodeStats stats = new DecodeStats(HQ);
                float[] out = new float[HQ * DV];
                DecodeAttention.pageSelected(s.cache(), s.q(), HQ, 1f, budget, new PageSelection(8, 2, 16 * trial, 32), out, stats,
                        (h, row, vis, kept, count, mass) -> selected.put(h, java.util.Arrays.copyOf(kept, count)));
                float[] expected = Attention.compute(s.request().withBudget(budget)
                        .withObserver((h, row, vis, kept, count, mass) -> oracle.put(h, java.util.Arrays.copyOf(kept, count))));
                for (int h = 0; h < HQ; h++) {
                    if (!stats.certified(h)) continue;
                    certifiedHeads++;
                    assertThat(selected.get(h)).as("%s certified head %d", st, h).containsExactly(oracle.get(h));
                    float[] a = java.util.Arrays.copyOfRange(out, h * DV, (h + 1) * DV), b = java.util.Arrays.copyOfRange(expected, h * DV, (h + 1) * DV);
                    assertThat(Compare.relativeError(a, b)).isLessThanOrEqualTo(1e-5);
                }
            }
            assertThat(certifiedHeads).as("%s: drifting keys in d = 3 certify some heads", st).isPositive();
        }
    }

    @Test void halfPageScoresAreDotProductsOfStoredKeysUnderTheirBounds() {
        for (KvStorage st : HALVES) {
            Setup s = setup("halfBounds", st, 500, 7, 1f, 37);
            PagedKvCache c = s.cache();
            float[] logits = new float[c.pageSize()], bounds = new float[c.blocks()];
            assertThat(c.blockSize()).isEqualTo(c.pageSize()); // pages of 7: one summary block per page
            for (int kv = 0; kv < HKV; kv++) for (int p = 0; p < c.pages(); p++) {
                if (p == 0) DecodeOps.blockBounds(s.q(), kv * 37, c, kv, 1f, new float[74], bounds);
                float bound = bounds[p];
                DecodeOps.scorePage(s.q(), kv * 37, c, kv, p, 1f, logits, 0);
                for (int t = 0; t < c.pageLength(p); t++) {
                    double dot = 0, abs = 0;
                    for (int e = 0; e < 37; e++) {
                        double term = (double) s.q()[kv * 37 + e] * c.key(kv, p * c.pageSize() + t, e);
                        dot += term; abs += Math.abs(term);
                    }
                    double tol = 37 * 0x1p-24 * abs; // float32 dot-product error bound, d u sum |q_c k_c|
                    assertThat((double) logits[t]).as("%s", st).isCloseTo(dot, org.assertj.core.data.Offset.offset(tol));
                    assertThat((double) logits[t]).isLessThanOrEqualTo(bound + 2 * tol);
                }
            }
        }
    }

    /** Block scores read a slice of a half page (blocks of 32 inside pages of 96) and stay under the block bounds. */
    @Test void halfBlockScoresAreDotProductsOfStoredKeysUnderTheirBounds() {
        for (KvStorage st : HALVES) {
            Setup s = setup("halfBlocks", st, 500, 96, 1f, 37);
            PagedKvCache c = s.cache();
            float[] logits = new float[c.blockSize()], bounds = new float[c.blocks()];
            for (int kv = 0; kv < HKV; kv++) {
                DecodeOps.blockBounds(s.q(), kv * 37, c, kv, 1f, new float[74], bounds);
                for (int b = 0; b < c.blocks(); b++) {
                    DecodeOps.scoreBlock(s.q(), kv * 37, c, kv, b, 1f, logits);
                    for (int t = 0; t < c.blockLength(b); t++) {
                        double dot = 0, abs = 0;
                        for (int e = 0; e < 37; e++) {
                            double term = (double) s.q()[kv * 37 + e] * c.key(kv, b * c.blockSize() + t, e);
                            dot += term; abs += Math.abs(term);
                        }
                        double tol = 37 * 0x1p-24 * abs;
                        assertThat((double) logits[t]).as("%s block %d key %d", st, b, t).isCloseTo(dot, org.assertj.core.data.Offset.offset(tol));
                        assertThat((double) logits[t]).isLessThanOrEqualTo(bounds[b] + 2 * tol);
                    }
                }
            }
        }
    }

    /** The vector widening (bit manipulation for F16) equals the JDK's scalar conversion on every finite pattern. */
    @Test void widenedRowsEqualTheScalarConversion() {
        short[] all = new short[0x10000 + 5];
        for (int b = 0; b < all.length; b++) all[b] = (short) b;
        for (boolean bf16 : new boolean[] {false, true}) {
            float[] row = new float[all.length];
            for (int off = 0; off < 3; off++) { // unaligned starts, vector tails
                HalfOps.widenRow(all, off, row, all.length - off, bf16);
                for (int i = 0; i < all.length - off; i++) {
                    short h = all[off + i];
                    float expected = bf16 ? HalfFloats.fromBf16(h) : HalfFloats.fromF16(h);
                    if (Float.isFinite(expected)) assertThat(row[i]).as("bf16=%s pattern %04x", bf16, h & 0xFFFF).isEqualTo(expected);
                }
            }
            float[] acc = new float[all.length];
            HalfOps.axpy(-0.5f, all, 1, acc, all.length - 1, bf16);
            for (int i = 0; i < all.length - 1; i++) {
                float x = bf16 ? HalfFloats.fromBf16(all[1 + i]) : HalfFloats.fromF16(all[1 + i]);
                if (Float.isFinite(x)) assertThat(acc[i]).as("axpy bf16=%s pattern %04x", bf16, all[1 + i] & 0xFFFF).isEqualTo(-0.5f * x);
            }
        }
    }
}
