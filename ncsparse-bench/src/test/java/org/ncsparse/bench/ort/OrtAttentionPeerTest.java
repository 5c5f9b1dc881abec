package org.ncsparse.bench.ort;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each ONNX Runtime attention operator, built as a one-node graph, against a double-precision softmax(QK^T/sqrt(d))V. */
class OrtAttentionPeerTest {
    @ParameterizedTest
    @CsvSource({"MHA,1,false", "MHA,3,false", "GQA,1,true", "GQA,3,true", "ATTENTION23,2,false", "ATTENTION23,2,true"})
    void matchesTheDoubleReference(OrtAttentionPeer.Op op, int heads, boolean causal) throws Exception {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 37, d = 16;
        float[] q = gauss(rnd, heads * n * d), k = gauss(rnd, heads * n * d), v = gauss(rnd, heads * n * d);
        try (OrtAttentionPeer peer = new OrtAttentionPeer(op, heads, n, d, causal, q, k, v, 1)) {
            peer.run();
            float[] got = peer.output();
            double[] want = reference(q, k, v, heads, n, d, causal);
            for (int i = 0; i < got.length; i++)
                assertThat((double) got[i]).as("seed %d, %s heads %d causal %b, output %d", seed, op, heads, causal, i)
                        .isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(want[i]))));
        }
    }

    static double[] reference(float[] q, float[] k, float[] v, int heads, int n, int d, boolean causal) {
        double[] out = new double[heads * n * d];
        double scale = 1 / Math.sqrt(d);
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < n; i++) {
                int last = causal ? i : n - 1;
                double[] s = new double[last + 1];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j <= last; j++) {
                    for (int c = 0; c < d; c++) s[j] += (double) q[(h * n + i) * d + c] * k[(h * n + j) * d + c];
                    s[j] *= scale;
                    max = Math.max(max, s[j]);
                }
                for (int j = 0; j <= last; j++) sum += s[j] = Math.exp(s[j] - max);
                for (int j = 0; j <= last; j++)
                    for (int c = 0; c < d; c++) out[(h * n + i) * d + c] += s[j] / sum * v[(h * n + j) * d + c];
            }
        return out;
    }

    static float[] gauss(SplittableRandom rnd, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) (rnd.nextGaussian());
        return a;
    }
}
