package org.ncsparse.model.bert;
import org.ncsparse.model.block.AttentionPlan;

/**
 * A ready sentence encoder: tokenizer → {@link BertEncoder} → pooling → L2 normalisation.
 * Thread-safe for concurrent {@code embed} calls (the encoder allocates per call).
 */
public final class BertModel implements AutoCloseable {
    private final String name;
    private final BertWeights weights;
    private final BertTokenizer tokenizer;
    private final Pooling pooling;
    private volatile BertEncoder encoder;

    public BertModel(String name, BertWeights weights, BertTokenizer tokenizer, Pooling pooling) {
        this.name = name;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.encoder = new BertEncoder(weights, Runtime.getRuntime().availableProcessors());
    }

    public String name() { return name; }
    public BertConfig config() { return weights.config(); }
    public BertTokenizer tokenizer() { return tokenizer; }
    public Pooling pooling() { return pooling; }
    public BertEncoder encoder() { return encoder; }

    /** A separate encoder over the same weights (e.g. one single-threaded encoder per worker). */
    public BertEncoder encoder(int threads) { return new BertEncoder(weights, encoder.packed(), threads); }

    /** Normalised embedding of {@code ids} computed by {@code enc} (any encoder over these weights). */
    public float[] embedIds(int[] ids, AttentionPlan plan, BertEncoder enc) {
        return pool(enc.hiddenStates(ids, plan, null), ids.length, config().hidden(), pooling);
    }

    /** Uses {@code threads} worker threads for matrix products and attention. */
    public BertModel threads(int threads) { encoder = new BertEncoder(weights, encoder.packed(), threads); return this; }

    /** Normalised sentence embedding of {@code text} under {@code plan}. */
    public float[] embed(String text, AttentionPlan plan) {
        return embedIds(tokenizer.encode(text), plan);
    }

    public float[] embedIds(int[] ids, AttentionPlan plan) {
        return pool(encoder.hiddenStates(ids, plan, null), ids.length, config().hidden(), pooling);
    }

    /** Mean over tokens or the [CLS] row, then divided by its L2 norm. */
    public static float[] pool(float[] states, int n, int hidden, Pooling pooling) {
        double[] acc = new double[hidden];
        if (pooling == Pooling.CLS) {
            for (int j = 0; j < hidden; j++) acc[j] = states[j];
        } else {
            for (int i = 0; i < n; i++) for (int j = 0; j < hidden; j++) acc[j] += states[i * hidden + j];
            for (int j = 0; j < hidden; j++) acc[j] /= n;
        }
        double norm = 0;
        for (double a : acc) norm += a * a;
        norm = Math.sqrt(norm);
        float[] out = new float[hidden];
        for (int j = 0; j < hidden; j++) out[j] = (float) (acc[j] / Math.max(norm, 1e-12));
        return out;
    }

    /** Cosine of two vectors (double accumulation). */
    public static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) { ab += (double) a[i] * b[i]; aa += (double) a[i] * a[i]; bb += (double) b[i] * b[i]; }
        return ab / Math.sqrt(aa * bb);
    }

    @Override public void close() { tokenizer.close(); }
}
