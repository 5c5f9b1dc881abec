package org.ncsparse.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/** The cache stores keys and values rounded to its type, with page summaries of the stored keys. */
class PagedKvCacheStorageTest {
    private static final int HKV = 2, D = 21, DV = 13, PAGE = 8;

    @Test void storesRoundedValuesAndBoundsThem() {
        for (KvStorage st : KvStorage.values()) {
            RandomInputs rnd = new RandomInputs(Seeds.fresh("storage" + st));
            int n = 1 + rnd.nextInt(100);
            float[] k = rnd.gaussian(HKV * n * D, 3), v = rnd.gaussian(HKV * n * DV, 3);
            PagedKvCache c = PagedKvCache.of(k, v, HKV, n, D, DV, PAGE, st);
            assertThat(c.storage()).isEqualTo(st);
            float[] kScratch = new float[D * PAGE], vScratch = new float[DV * PAGE];
            for (int h = 0; h < HKV; h++) {
                for (int j = 0; j < n; j++) {
                    for (int e = 0; e < D; e++) assertThat(c.key(h, j, e)).as("%s key", st).isEqualTo(st.round(k[(h * n + j) * D + e]));
                    for (int e = 0; e < DV; e++) assertThat(c.value(h, j, e)).as("%s value", st).isEqualTo(st.round(v[(h * n + j) * DV + e]));
                }
                for (int p = 0; p < c.pages(); p++) {
                    float[] kp = c.keyPageFloats(h, p, kScratch), vp = c.valuePageFloats(h, p, vScratch);
                    for (int s = 0; s < c.pageLength(p); s++) {
                        int j = p * PAGE + s;
                        for (int e = 0; e < DV; e++) assertThat(vp[s * DV + e]).isEqualTo(c.value(h, j, e));
                        for (int e = 0; e < D; e++) assertThat(kp[e * PAGE + s]).isEqualTo(c.key(h, j, e));
                    }
                }
                assertThat(c.blockSize()).isEqualTo(PAGE); // the largest divisor of 8 not above 16
                for (int b = 0; b < c.blocks(); b++) { // block summaries: the same min and max per block, transposed
                    float[] t = c.blockSummary(h, b / PagedKvCache.SUMMARY_GROUP);
                    int col = b % PagedKvCache.SUMMARY_GROUP;
                    for (int e = 0; e < D; e++) {
                        float mn = Float.POSITIVE_INFINITY, mx = Float.NEGATIVE_INFINITY;
                        for (int s = 0; s < c.blockLength(b); s++) { mn = Math.min(mn, c.key(h, b * c.blockSize() + s, e)); mx = Math.max(mx, c.key(h, b * c.blockSize() + s, e)); }
                        assertThat(t[e * PagedKvCache.SUMMARY_GROUP + col]).isEqualTo(mx);
                        assertThat(t[(D + e) * PagedKvCache.SUMMARY_GROUP + col]).isEqualTo(mn);
                    }
                }
            }
            long groups = (c.blocks() + PagedKvCache.SUMMARY_GROUP - 1) / PagedKvCache.SUMMARY_GROUP;
            long summaries = 2L * HKV * groups * PagedKvCache.SUMMARY_GROUP * D * Float.BYTES;
            assertThat(c.bytes() - summaries).isEqualTo((long) HKV * c.pages() * PAGE * (D + DV) * st.bytes());
        }
    }

    @Test void pageAccessorsMatchTheStorage() {
        PagedKvCache f32 = new PagedKvCache(1, 2, 2, 4), bf16 = new PagedKvCache(1, 2, 2, 4, KvStorage.BF16);
        f32.append(new float[] {1, 2}, new float[] {3, 4});
        bf16.append(new float[] {1, 2}, new float[] {3, 4});
        assertThat(f32.keyPageFloats(0, 0, null)).isSameAs(f32.keyPage(0, 0));
        assertThat(bf16.keyPageBits(0, 0)[4]).isEqualTo(HalfFloats.toBf16(2f)); // dim 1, slot 0 of a [2][4] page
        assertThatThrownBy(() -> bf16.keyPage(0, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stores BF16");
        assertThatThrownBy(() -> bf16.valuePage(0, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stores BF16");
        assertThatThrownBy(() -> f32.keyPageBits(0, 0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("needs an F16 or BF16 cache");
        assertThatThrownBy(() -> bf16.keyPageFloats(0, 0, new float[7])).hasMessageContaining("scratch must hold at least 8 floats");
        assertThatThrownBy(() -> new PagedKvCache(1, 2, 2, 4, null)).hasMessageContaining("storage must be one of F32, F16, BF16");
    }

    /** F16 refuses finite values it would store as infinity, naming the element; the cache is unchanged. */
    @Test void f16OverflowIsRefused() {
        PagedKvCache c = new PagedKvCache(1, 2, 2, 4, KvStorage.F16);
        c.append(new float[] {65504, -65519}, new float[] {1, 1});
        assertThat(c.key(0, 0, 1)).isEqualTo(-65504f);
        assertThatThrownBy(() -> c.append(new float[] {1, 1}, new float[] {0, -70000}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value[1] = -70000.0 overflows the F16 KV cache");
        assertThat(c.tokens()).isEqualTo(1);
        PagedKvCache b = new PagedKvCache(1, 2, 2, 4, KvStorage.BF16);
        b.append(new float[] {1e38f, -70000}, new float[] {1, 1});
        assertThat(b.key(0, 0, 0)).isEqualTo(KvStorage.BF16.round(1e38f));
        assertThatThrownBy(() -> b.append(new float[] {Float.MAX_VALUE, 0}, new float[] {0, 0})).hasMessageContaining("key[0] = 3.4028235E38 overflows the BF16");
    }
}
