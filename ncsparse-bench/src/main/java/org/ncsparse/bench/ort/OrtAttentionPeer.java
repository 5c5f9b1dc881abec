package org.ncsparse.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of ONNX Runtime's fused attention operators, run as a single-node ONNX graph on the benchmark's
 * Q, K, V (fp32, batch 1, as many KV heads as query heads, scale 1/sqrt(d)). Inputs and the output
 * live in direct buffers made once, so a timed {@link #run()} is the operator alone: no copies in or
 * out of Java arrays. The session's intra-op pool has {@code threads} threads that sleep rather than
 * spin when idle, because the benchmark interleaves ONNX Runtime with NcSparse on the same cores.
 */
public final class OrtAttentionPeer implements AutoCloseable {
    /** The operators compared; {@link #handles(boolean)} says which masking each one can do. */
    public enum Op {
        /** com.microsoft.MultiHeadAttention (MLAS flash attention on CPU); non-causal. Q, K, V as (1, n, heads·d). */
        MHA("ort-mha"),
        /** com.microsoft.GroupQueryAttention, the prompt (no past) case; always causal. Q, K, V as (1, n, heads·d). */
        GQA("ort-gqa"),
        /** ONNX Attention, opset 23, 4-D (1, heads, n, d) inputs; causal through is_causal. */
        ATTENTION23("ort-attention23");

        public final String peerName;

        Op(String peerName) { this.peerName = peerName; }

        /**
         * Bytes of score matrices the CPU operator allocates for one call (measured as peak resident
         * memory at one head, n = 16384: MHA about 0.1 GB in all, GQA 1.2 GB, Attention 2.3 GB): the
         * flash-attention MHA streams, the other two hold heads x n x n fp32 scores (Attention twice).
         */
        public long scoreBytes(int heads, int n) {
            long one = 4L * heads * n * n;
            return switch (this) {
                case MHA -> 0;
                case GQA -> one;
                case ATTENTION23 -> 2 * one;
            };
        }

        public boolean handles(boolean causal) {
            return switch (this) {
                case MHA -> !causal;
                case GQA -> causal;
                case ATTENTION23 -> true;
            };
        }
    }

    private final Op op;
    private final int heads, n, d;
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    private final Map<String, OnnxTensor> pinned;
    private final OnnxTensor output;
    private final FloatBuffer outBuf;

    /** q, k, v in NcSparse's layout [heads][n][d]; the output of {@link #output()} uses the same layout. */
    public OrtAttentionPeer(Op op, int heads, int n, int d, boolean causal, float[] q, float[] k, float[] v, int threads) throws OrtException {
        if (!op.handles(causal)) throw new IllegalArgumentException("op: " + op + " does not compute " + (causal ? "causal" : "non-causal") + " attention");
        this.op = op;
        this.heads = heads;
        this.n = n;
        this.d = d;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float scale = (float) (1 / Math.sqrt(d));
        long hd = (long) heads * d;
        boolean fourD = op == Op.ATTENTION23;
        long[] shape = fourD ? new long[] {1, heads, n, d} : new long[] {1, n, hd};
        OnnxGraphWriter g = switch (op) {
            case MHA -> new OnnxGraphWriter("MultiHeadAttention", "com.microsoft")
                    .input("query", OnnxGraphWriter.FLOAT, shape).input("key", OnnxGraphWriter.FLOAT, shape).input("value", OnnxGraphWriter.FLOAT, shape)
                    .output("output", OnnxGraphWriter.FLOAT, shape)
                    .attribute("num_heads", heads).attribute("scale", scale);
            case GQA -> new OnnxGraphWriter("GroupQueryAttention", "com.microsoft")
                    .input("query", OnnxGraphWriter.FLOAT, shape).input("key", OnnxGraphWriter.FLOAT, shape).input("value", OnnxGraphWriter.FLOAT, shape)
                    .input("", 0).input("", 0) // no past key / value: the prompt
                    .input("seqlens_k", OnnxGraphWriter.INT32, 1).input("total_sequence_length", OnnxGraphWriter.INT32)
                    .output("output", OnnxGraphWriter.FLOAT, shape).output("present_key", OnnxGraphWriter.FLOAT, (long[]) null)
                    .output("present_value", OnnxGraphWriter.FLOAT, (long[]) null)
                    .attribute("num_heads", heads).attribute("kv_num_heads", heads).attribute("scale", scale);
            case ATTENTION23 -> new OnnxGraphWriter("Attention", "")
                    .input("Q", OnnxGraphWriter.FLOAT, shape).input("K", OnnxGraphWriter.FLOAT, shape).input("V", OnnxGraphWriter.FLOAT, shape)
                    .output("Y", OnnxGraphWriter.FLOAT, shape)
                    .attribute("is_causal", causal ? 1 : 0).attribute("scale", scale);
        };
        byte[] model = g.model(op == Op.ATTENTION23 ? 11 : 8, op == Op.ATTENTION23 ? 23 : 17);
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(model, opts);
        }
        String[] names = switch (op) {
            case MHA, GQA -> new String[] {"query", "key", "value"};
            case ATTENTION23 -> new String[] {"Q", "K", "V"};
        };
        float[][] data = {q, k, v};
        for (int i = 0; i < 3; i++) inputs.put(names[i], OnnxTensor.createTensor(env, layout(data[i], fourD), shape));
        if (op == Op.GQA) {
            inputs.put("seqlens_k", OnnxTensor.createTensor(env, intBuffer(n - 1), new long[] {1}));
            inputs.put("total_sequence_length", OnnxTensor.createTensor(env, intBuffer(n), new long[0]));
        }
        outBuf = floatBuffer((int) (n * hd));
        output = OnnxTensor.createTensor(env, outBuf, shape);
        pinned = Map.of(op == Op.ATTENTION23 ? "Y" : "output", output);
    }

    public Op op() { return op; }

    /** One forward pass into the pinned output buffer. */
    public void run() {
        try (OrtSession.Result r = session.run(inputs, pinned)) {
            if (r.size() != 1) throw new IllegalStateException(op + " returned " + r.size() + " outputs");
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime " + op + " failed: " + e.getMessage(), e);
        }
    }

    /** The last output in NcSparse's layout [heads][n][d]. */
    public float[] output() {
        float[] out = new float[heads * n * d];
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < d; j++)
                    out[(h * n + i) * d + j] = outBuf.get(op == Op.ATTENTION23 ? (h * n + i) * d + j : (i * heads + h) * d + j);
        return out;
    }

    /** [heads][n][d] as is (4-D operators) or transposed to [n][heads][d] (the (1, n, heads·d) operators). */
    private FloatBuffer layout(float[] x, boolean fourD) {
        FloatBuffer b = floatBuffer(x.length);
        if (fourD) b.put(x);
        else for (int i = 0; i < n; i++) for (int h = 0; h < heads; h++) b.put(x, (h * n + i) * d, d);
        return b.rewind();
    }

    private static FloatBuffer floatBuffer(int len) {
        return ByteBuffer.allocateDirect(len * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static IntBuffer intBuffer(int value) {
        return ByteBuffer.allocateDirect(Integer.BYTES).order(ByteOrder.nativeOrder()).asIntBuffer().put(0, value);
    }

    @Override
    public void close() {
        for (OnnxTensor t : inputs.values()) t.close();
        output.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the " + op + " session: " + e.getMessage(), e);
        }
    }
}
