package org.ncsparse.model.bert;
import org.ncsparse.model.block.AttentionPlan;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.testutil.RealText;
import org.ncsparse.model.testutil.SharedModel;

import java.util.Map;

/**
 * Side-by-side timing of the Java encoder and ONNX Runtime (2 threads each) at 128 and 512 tokens.
 * Not an assertion (the machine is shared); runs only with -Dncsparse.perf=true:
 * {@code mvn -pl ncsparse-model -am test -Dtest=EncoderVsOrtTiming -Dncsparse.perf=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class EncoderVsOrtTiming {
    @Test
    void timeJavaAndOrt() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("ncsparse.perf"), "set -Dncsparse.perf=true to run");
        BertModel m = SharedModel.minilm();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(2);
        try (OrtSession sess = env.createSession(SharedModel.minilmOnnx(), opts)) {
            for (int n : new int[] {128, 512}) {
                int[] ids = m.tokenizer().encode(RealText.read("GPL-3"), n);
                long[][] in = new long[1][n], mask = new long[1][n], type = new long[1][n];
                for (int i = 0; i < n; i++) { in[0][i] = ids[i]; mask[0][i] = 1; }
                for (String what : new String[] {"java exact", "ort", "java power:2,0.5"}) {
                    int reps = n == 128 ? 40 : 10;
                    double best = Double.MAX_VALUE, sum = 0;
                    for (int r = 0; r < reps + 5; r++) {
                        long t = System.nanoTime();
                        switch (what) {
                            case "java exact" -> m.encoder().hiddenStates(ids, AttentionPlan.EXACT, null);
                            case "java power:2,0.5" -> m.encoder().hiddenStates(ids, AttentionPlan.uniform(BudgetPolicy.power(2, 0.5)), null);
                            default -> {
                                try (OnnxTensor a = OnnxTensor.createTensor(env, in); OnnxTensor b = OnnxTensor.createTensor(env, mask);
                                     OnnxTensor c = OnnxTensor.createTensor(env, type);
                                     OrtSession.Result res = sess.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                                    res.get(0);
                                }
                            }
                        }
                        double ms = (System.nanoTime() - t) / 1e6;
                        if (r >= 5) { best = Math.min(best, ms); sum += ms; }
                    }
                    System.out.printf("n=%d %-18s best %7.1f ms  mean %7.1f ms%n", n, what, best, sum / reps);
                }
            }
        }
    }
}
