package org.ncsparse.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.model.block.AttentionPlan;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;

/**
 * The encoder row: NcSparse's pure-Java all-MiniLM-L6-v2 ({@code BertEncoder.hiddenStates}, exact
 * attention) against ONNX Runtime Java running the same ONNX file, on the same token ids (real text:
 * the GPL-3 licence shipped with the machine, cut to 128 and 512 tokens), same thread count, one JVM,
 * timed interleaved.
 * Both produce the final hidden states [n][384]; pooling is excluded from both.
 */
public final class EncoderPeer {
    private EncoderPeer() {}

    static final Path TEXT = Path.of("/usr/share/common-licenses/GPL-3");

    /** One comparison per token count; rows with a note and no times when something is missing. */
    public static List<Comparison> run(int[] tokenCounts, int threads, int warmMs, int reps, PrintStream log) {
        List<Comparison> rows = new ArrayList<>();
        try (BertModel model = ModelStore.load(ModelId.MINILM).threads(threads)) {
            String text = Files.readString(TEXT);
            byte[] onnx;
            try (InputStream in = EncoderPeer.class.getClassLoader().getResourceAsStream(ModelId.MINILM.onnxResource)) {
                if (in == null) throw new IOException("ONNX resource " + ModelId.MINILM.onnxResource + " not on the class path");
                onnx = in.readAllBytes();
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(threads);
                opts.setInterOpNumThreads(1);
                opts.addConfigEntry("session.intra_op.allow_spinning", "0"); // idle ORT threads must not spin while NcSparse runs
                try (OrtSession session = env.createSession(onnx, opts)) {
                    for (int n : tokenCounts) {
                        int[] ids = model.tokenizer().encode(text, n);
                        Stopwatch.Stats[] t = Stopwatch.interleaved(List.of(() -> model.encoder().hiddenStates(ids, AttentionPlan.EXACT, null),
                                () -> runOrt(env, session, ids)), warmMs, reps);
                        Stopwatch.Stats java = t[0], ort = t[1];
                        log.printf(Locale.ROOT, "  encoder MiniLM %d tokens, threads=%d: NcSparse %.1f ms (min %.1f), ONNX Runtime %.1f ms (min %.1f), ratio %.2f%n",
                                ids.length, threads, java.medianMs(), java.minMs(), ort.medianMs(), ort.minMs(), java.medianMs() / ort.medianMs());
                        rows.add(new Comparison("encoder", 12, ids.length, 32, false, threads, "onnxruntime-java", java.medianMs(), ort.medianMs(),
                                java.minMs(), ort.minMs(), Double.NaN, Double.NaN, "all-MiniLM-L6-v2 hidden states, exact attention"));
                    }
                }
            }
        } catch (IOException | OrtException | RuntimeException e) {
            log.println("  encoder row not measured: " + e);
            for (int n : tokenCounts)
                rows.add(new Comparison("encoder", 12, n, 32, false, threads, "onnxruntime-java", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, "not measured: " + e.getMessage()));
        }
        return rows;
    }

    private static void runOrt(OrtEnvironment env, OrtSession session, int[] ids) {
        int n = ids.length;
        long[][] in = new long[1][n], mask = new long[1][n], type = new long[1][n];
        for (int i = 0; i < n; i++) { in[0][i] = ids[i]; mask[0][i] = 1; }
        try (OnnxTensor a = OnnxTensor.createTensor(env, in); OnnxTensor b = OnnxTensor.createTensor(env, mask);
             OnnxTensor c = OnnxTensor.createTensor(env, type);
             OrtSession.Result res = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            res.get(0);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }
}
