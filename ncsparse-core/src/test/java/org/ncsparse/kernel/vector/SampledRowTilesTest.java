package org.ncsparse.kernel.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ncsparse.kernel.vector.VectorKernelAgreementTest.gauss;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.AttentionRequest;

/** Block maxima of scattered rows from the query tiles against the double-precision logits. */
class SampledRowTilesTest {

    @Test
    void blockMaximaMatchTheDoubleReference() {
        long seed = System.nanoTime();
        System.out.println("SampledRowTilesTest seed=" + seed);
        Random rnd = new Random(seed);
        int hq = 2, hkv = 1, m = 300, n = 300, d = 19, bs = 24, keyBlocks = (n + bs - 1) / bs;
        for (boolean causal : new boolean[] {false, true}) {
            float[] q = gauss(rnd, hq * m * d, 1), k = gauss(rnd, hkv * n * d, 1);
            AttentionRequest r = AttentionRequest.builder().query(q, hq, m, d).keys(k, hkv, n).values(gauss(rnd, n * d, 1), d)
                    .scale(0.7f).causal(causal).build();
            int count = QueryTile.BR + 9;
            int[] rows = new int[count + 3];
            for (int t = 0; t < rows.length; t++) rows[t] = rnd.nextInt(m);
            float[] out = new float[rows.length * keyBlocks];
            Arrays.fill(out, Float.NaN); // untouched entries stay NaN
            SampledRowTiles.blockMaxima(r, 1, rows, 3, count, bs, out, keyBlocks);
            for (int t = 0; t < rows.length; t++) for (int b = 0; b < keyBlocks; b++) {
                int row = rows[t], vis = r.visible(row);
                float got = out[t * keyBlocks + b];
                if (t < 3 || b * bs >= vis) { assertThat(got).as("row %d block %d untouched", row, b).isNaN(); continue; }
                double max = Double.NEGATIVE_INFINITY, size = 0;
                for (int j = b * bs; j < Math.min(vis, b * bs + bs); j++) {
                    double dot = 0, abs = 0;
                    for (int c = 0; c < d; c++) { dot += (double) q[(m + row) * d + c] * k[j * d + c]; abs += Math.abs((double) q[(m + row) * d + c] * k[j * d + c]); }
                    max = Math.max(max, 0.7 * dot);
                    size = Math.max(size, 0.7 * abs);
                }
                assertThat((double) got).as("row %d block %d seed %d", row, b, seed).isCloseTo(max, org.assertj.core.data.Offset.offset(1e-6 * size * d));
            }
        }
    }
}
