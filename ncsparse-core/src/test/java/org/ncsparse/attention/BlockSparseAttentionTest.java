package org.ncsparse.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.select.BlockSelection;
import org.ncsparse.select.BlockSelector;
import org.ncsparse.select.TransposedKeys;
import org.ncsparse.testing.Compare;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

class BlockSparseAttentionTest {

    private static AttentionRequest request(String name, int hq, int hkv, int m, int n, int d, boolean causal, boolean bias) {
        RandomInputs rnd = new RandomInputs(Seeds.fresh(name));
        AttentionRequest.Builder b = AttentionRequest.builder().query(rnd.gaussian(hq * m * d, 1), hq, m, d)
                .keys(rnd.gaussian(hkv * n * d, 1), hkv, n).values(rnd.gaussian(hkv * n * d, 1), d).scale(0.5f).threads(2);
        if (causal) b.causal(true);
        if (bias) {
            float[] bb = rnd.gaussian(m * n, 1);
            for (int i = 0; i < bb.length; i++) if (i % n != 0 && rnd.nextInt(5) == 0) bb[i] = Float.NEGATIVE_INFINITY;
            b.bias(bb);
        }
        return b.build();
    }

    @ParameterizedTest(name = "hq={0} hkv={1} m={2} n={3} d={4} causal={5} bias={6} block={7}")
    @CsvSource({"1,1,64,64,16,false,false,16", "2,1,100,100,24,true,false,16", "4,2,70,300,32,true,true,32", "2,2,33,129,17,false,true,8"})
    void keepingEveryBlockIsExactAttention(int hq, int hkv, int m, int n, int d, boolean causal, boolean bias, int block) {
        AttentionRequest r = request("all", hq, hkv, m, n, d, causal, bias);
        BlockSelection all = new BlockSelection(block, (CountBudget) BudgetPolicy.fixed(1 << 20), 2, 0, 1);
        float[] out = new float[r.outputLength()];
        BlockSparseAttention.Stats stats = BlockSparseAttention.compute(r, all, out);
        assertThat(Compare.relativeError(out, Attention.exact(r.withKernel(ReferenceKernel.INSTANCE)))).isLessThanOrEqualTo(1e-5);
        assertThat(stats.keptFraction()).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "causal={0} mass={1}")
    @CsvSource({"false,0", "true,0", "false,0.5", "true,0.5"})
    void outputIsExactAttentionOverTheSelectedBlocks(boolean causal, double mass) {
        int hq = 2, m = 96, n = 96, d = 16, bs = 16;
        AttentionRequest r = request("selected", hq, 1, m, n, d, causal, false);
        BlockSelection sel = new BlockSelection(bs, (CountBudget) BudgetPolicy.fixed(1), 2, 1, 1, mass, 8);
        float[] out = new float[r.outputLength()];
        BlockSparseAttention.Stats stats = BlockSparseAttention.compute(r, sel, out);
        // oracle: the same blocks as an additive -Infinity mask, exact attention on the reference kernel
        float[] mask = new float[hq * m * n];
        java.util.Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        BlockSelector selector = new BlockSelector(r, sel);
        TransposedKeys keys = new TransposedKeys(r, 0, bs);
        int[] blocks = new int[selector.keyBlocks()];
        long attended = 0, visible = 0;
        for (int h = 0; h < hq; h++) for (int r0 = 0; r0 < m; r0 += bs) {
            int count = selector.select(h, r0, Math.min(m, r0 + bs), keys, blocks);
            for (int i = r0; i < Math.min(m, r0 + bs); i++) {
                visible += r.visible(i);
                for (int t = 0; t < count; t++) for (int j = blocks[t] * bs; j < Math.min(n, (blocks[t] + 1) * bs); j++)
                    if (j < r.visible(i)) { mask[(h * m + i) * n + j] = 0; attended++; }
            }
        }
        float[] expected = Attention.exact(r.toBuilder().bias(mask).kernel(ReferenceKernel.INSTANCE).build());
        assertThat(Compare.relativeError(out, expected)).isLessThanOrEqualTo(1e-5);
        assertThat(stats.attendedKeys()).isEqualTo(attended);
        assertThat(stats.visibleKeys()).isEqualTo(visible);
        if (mass == 0) assertThat(stats.keptFraction()).isLessThan(causal ? 1.0 : 0.6); // the cover may add any number of blocks
    }

    @Test
    void massCoverAddsBlocksAndWithAllRowsAtFullMassKeepsEveryBlock() {
        int m = 128, n = 128, d = 16, bs = 16;
        AttentionRequest r = request("cover", 1, 1, m, n, d, true, false);
        CountBudget one = (CountBudget) BudgetPolicy.fixed(1);
        BlockSelector plain = new BlockSelector(r, new BlockSelection(bs, one, 2, 0, 1));
        BlockSelector cover = new BlockSelector(r, new BlockSelection(bs, one, 2, 0, 1, 0.9, 8));
        BlockSelector everyRow = new BlockSelector(r, new BlockSelection(bs, one, bs, 0, 1, 1.0, bs));
        TransposedKeys keys = new TransposedKeys(r, 0, bs);
        int[] a = new int[plain.keyBlocks()], b = new int[plain.keyBlocks()], c = new int[plain.keyBlocks()];
        for (int r0 = 0; r0 < m; r0 += bs) {
            int na = plain.select(0, r0, r0 + bs, keys, a), nb = cover.select(0, r0, r0 + bs, keys, b), nc = everyRow.select(0, r0, r0 + bs, keys, c);
            // the cover only adds blocks: the same top-k by largest logit, plus each sampled row's heaviest blocks
            assertThat(java.util.Arrays.copyOf(b, nb)).contains(java.util.Arrays.copyOf(a, na));
            // tau = 1 with every row sampled: every visible block carries some (estimated) mass, so all are kept
            assertThat(nc).as("query block %d", r0 / bs).isEqualTo((r.visible(r0 + bs - 1) + bs - 1) / bs);
        }
        assertThatThrownBy(() -> new BlockSelection(bs, one, 2, 0, 1, 1.5, 8)).hasMessageContaining("massTarget must be in [0, 1]");
        assertThatThrownBy(() -> new BlockSelection(bs, one, 4, 0, 1, 0.5, 2)).hasMessageContaining("maxSampleRows must be >= sampleRows");
    }

    @Test void badArguments() {
        AttentionRequest r = request("bad", 1, 1, 8, 8, 4, false, false);
        BlockSelection sel = new BlockSelection(4, (CountBudget) BudgetPolicy.fixed(1), 1, 0, 1);
        assertThatThrownBy(() -> BlockSparseAttention.compute(r.withBudget(BudgetPolicy.fixed(2)), sel)).hasMessageContaining("request budget must be null");
        assertThatThrownBy(() -> BlockSparseAttention.compute(r, null)).hasMessageContaining("selection must not be null");
        assertThatThrownBy(() -> new BlockSelection(0, (CountBudget) BudgetPolicy.fixed(1), 1, 0, 1)).hasMessageContaining("blockSize must be in [1, 4096]");
        assertThatThrownBy(() -> new BlockSelection(4, (CountBudget) BudgetPolicy.fixed(1), 1, 0, 0)).hasMessageContaining("localBlocks must be >= 1");
        assertThatThrownBy(() -> new BlockSelection(4, (CountBudget) BudgetPolicy.fixed(1), 0, 0, 1)).hasMessageContaining("sampleRows must be >= 1");
    }
}
