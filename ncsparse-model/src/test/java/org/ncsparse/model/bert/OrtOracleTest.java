package org.ncsparse.model.bert;
import org.ncsparse.model.block.AttentionPlan;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.testutil.RealText;
import org.ncsparse.model.testutil.SharedModel;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure-Java encoder against ONNX Runtime (the oracle) on real text: hidden states and embeddings. */
class OrtOracleTest {
    private static OrtEnvironment env;
    private static OrtSession session;
    private static BertModel model;

    @BeforeAll
    static void setUp() throws Exception {
        model = SharedModel.minilm();
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(2);
        session = env.createSession(SharedModel.minilmOnnx(), opts);
    }

    @AfterAll
    static void tearDown() throws Exception {
        session.close();
    }

    /** last_hidden_state [n][hidden] from ORT. */
    static float[] ort(int[] ids) throws Exception {
        int n = ids.length;
        long[][] in = new long[1][n], mask = new long[1][n], type = new long[1][n];
        for (int i = 0; i < n; i++) { in[0][i] = ids[i]; mask[0][i] = 1; }
        try (OnnxTensor a = OnnxTensor.createTensor(env, in); OnnxTensor b = OnnxTensor.createTensor(env, mask);
             OnnxTensor c = OnnxTensor.createTensor(env, type);
             OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][][] h = (float[][][]) r.get(0).getValue();
            float[] out = new float[n * h[0][0].length];
            for (int i = 0; i < n; i++) System.arraycopy(h[0][i], 0, out, i * h[0][i].length, h[0][i].length);
            return out;
        }
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    private void check(int[] ids) throws Exception {
        float[] ours = model.encoder().hiddenStates(ids, AttentionPlan.EXACT, null);
        float[] ref = ort(ids);
        double err = maxAbs(ours, ref);
        int h = model.config().hidden();
        double cos = BertModel.cosine(BertModel.pool(ours, ids.length, h, Pooling.MEAN), BertModel.pool(ref, ids.length, h, Pooling.MEAN));
        System.out.printf("n=%d max|hidden - ORT| = %.3g, embedding cosine = %.9f%n", ids.length, err, cos);
        assertThat(err).as("max abs hidden-state error at n=%d", ids.length).isLessThan(1e-4);
        assertThat(cos).isGreaterThanOrEqualTo(0.99999);
    }

    @Test
    void realSentencesMatchOrt() throws Exception {
        for (String s : new String[] {
                "The GNU General Public License is a free, copyleft license for software and other kinds of works.",
                "Héllo wörld — naïve café façade; 你好世界! Unbelievabilityxyz 12,345.67 e-mail: a@b.c",
                "a"}) {
            check(model.tokenizer().encode(s));
        }
    }

    @Test
    void tokens128And512MatchOrt() throws Exception {
        String text = RealText.read("GPL-3");
        check(model.tokenizer().encode(text, 128));
        int[] ids = model.tokenizer().encode(text);
        assertThat(ids).hasSize(512);
        check(ids);
    }

    @Test
    void configIsReadFromTheGraph() {
        BertConfig c = model.config();
        assertThat(c.layers()).isEqualTo(6);
        assertThat(c.heads()).isEqualTo(12);
        assertThat(c.headDim()).isEqualTo(32);
        assertThat(c.ffn()).isEqualTo(1536);
        assertThat(c.hidden()).isEqualTo(384);
        assertThat(c.positions()).isEqualTo(512);
        assertThat(c.vocab()).isEqualTo(30522);
        assertThat(c.layerNormEps()).isEqualTo(1e-12f);
        assertThat(c.scoreScale()).isCloseTo((float) (1 / Math.sqrt(32)), org.assertj.core.data.Offset.offset(1e-7f));
    }
}
