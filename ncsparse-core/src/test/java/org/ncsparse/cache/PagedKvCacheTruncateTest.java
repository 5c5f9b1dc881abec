package org.ncsparse.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** truncate(n) leaves the cache exactly as appending only the first n tokens would have (every storage type), and appends continue from there. */
class PagedKvCacheTruncateTest {
    private static final int HEADS = 2, D = 5, DV = 3;

    @ParameterizedTest
    @EnumSource(KvStorage.class)
    void truncatedCacheEqualsTheCacheOfThePrefix(KvStorage storage) {
        int g4 = 4 * PagedKvCache.SUMMARY_GROUP, g32 = 32 * PagedKvCache.SUMMARY_GROUP; // tokens per summary group
        // pages of 4 (blocks of 4) and of 64 (blocks of 32); cuts at page, block and summary-group edges
        check(storage, 4, g4 + 44, new int[] {0, 1, 3, 4, 5, 8, g4 - 1, g4, g4 + 1, g4 + 43, g4 + 44});
        check(storage, 64, g32 + 70, new int[] {0, 1, 31, 32, 33, 64, 65, g32 - 1, g32, g32 + 1, g32 + 69});
    }

    private static void check(KvStorage storage, int page, int n, int[] lengths) {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        float[][] keys = new float[2 * n][HEADS * D], values = new float[2 * n][HEADS * DV];
        for (float[] k : keys) for (int i = 0; i < k.length; i++) k[i] = (float) rnd.nextGaussian();
        for (float[] v : values) for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        for (int length : lengths) {
            String ctx = storage + " page " + page + " length " + length + " seed " + seed;
            PagedKvCache cut = build(keys, values, n, page, storage);
            cut.truncate(length);
            assertSame(cut, build(keys, values, length, page, storage), ctx);
            for (int j = length; j < 2 * n; j++) cut.append(keys[j], values[j]); // appends continue as if never cut
            assertSame(cut, build(keys, values, 2 * n, page, storage), ctx + ", re-appended");
        }
    }

    @Test
    void lengthsOutsideTheCacheAreRefused() {
        PagedKvCache c = new PagedKvCache(1, 2, 2, 4);
        c.append(new float[] {1, 2}, new float[] {3, 4});
        assertThatThrownBy(() -> c.truncate(2)).hasMessageContaining("length must be in [0, 1]");
        assertThatThrownBy(() -> c.truncate(-1)).hasMessageContaining("length must be in [0, 1]");
        assertThat(c.tokens()).isEqualTo(1);
    }

    private static PagedKvCache build(float[][] keys, float[][] values, int n, int page, KvStorage storage) {
        PagedKvCache c = new PagedKvCache(HEADS, D, DV, page, storage);
        for (int j = 0; j < n; j++) c.append(keys[j], values[j]);
        return c;
    }

    private static void assertSame(PagedKvCache a, PagedKvCache b, String ctx) {
        assertThat(a.tokens()).as(ctx).isEqualTo(b.tokens());
        assertThat(a.pages()).as(ctx).isEqualTo(b.pages());
        for (int h = 0; h < HEADS; h++) {
            for (int p = 0; p < a.pages(); p++) {
                if (a.storage().half()) {
                    assertThat(a.keyPageBits(h, p)).as("%s keys h%d p%d", ctx, h, p).isEqualTo(b.keyPageBits(h, p));
                    assertThat(a.valuePageBits(h, p)).as("%s values h%d p%d", ctx, h, p).isEqualTo(b.valuePageBits(h, p));
                } else {
                    assertThat(a.keyPage(h, p)).as("%s keys h%d p%d", ctx, h, p).isEqualTo(b.keyPage(h, p));
                    assertThat(a.valuePage(h, p)).as("%s values h%d p%d", ctx, h, p).isEqualTo(b.valuePage(h, p));
                }
            }
            int groups = (a.blocks() + PagedKvCache.SUMMARY_GROUP - 1) / PagedKvCache.SUMMARY_GROUP;
            for (int g = 0; g < groups; g++) // block summaries too, including the zero columns past the last block
                assertThat(a.blockSummary(h, g)).as("%s block summaries h%d group %d", ctx, h, g).isEqualTo(b.blockSummary(h, g));
        }
    }
}
