package org.ncsparse.model.llama;

import java.io.IOException;
import java.util.function.Supplier;
import org.ncsparse.model.block.Rope;
import org.ncsparse.model.block.RopeLayout;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LmInfo;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tokenizer.TextTokenizer;

/**
 * A loaded Llama-family decoder: config, memory-mapped weights, RoPE tables and (built on first use)
 * the tokenizer. Sessions ({@link LlamaSession}) hold the KV cache and run the forward pass.
 */
public final class LlamaModel implements CausalLm {
    private final LlamaConfig config;
    private final LlamaWeights weights;
    private final Rope rope;
    private final TensorStore store;
    private final String source;
    private final Supplier<TextTokenizer> tokenizerFactory;
    private TextTokenizer tokenizer;

    /**
     * @param ropeLayout       where RoPE pairs live in the stored Q/K rows (see {@link RopeLayout})
     * @param ropeFreqs        GGUF per-pair frequency divisors ({@code rope_freqs.weight}) or null
     * @param tokenizerFactory builds the tokenizer on first use; throws IllegalStateException naming what is missing
     */
    public LlamaModel(LlamaConfig config, TensorStore store, WeightNaming naming, RopeLayout ropeLayout, float[] ropeFreqs,
                      String source, Supplier<TextTokenizer> tokenizerFactory) {
        this.config = config;
        this.store = store;
        this.weights = LlamaWeights.load(store, naming, config);
        this.rope = new Rope(config.headDim(), config.ropeTheta(), ropeFreqs == null ? config.ropeScaling() : null, ropeFreqs, ropeLayout);
        this.source = source;
        this.tokenizerFactory = tokenizerFactory;
    }

    public LlamaConfig config() { return config; }
    LlamaWeights weights() { return weights; }
    Rope rope() { return rope; }

    @Override public LmInfo info() {
        return new LmInfo(config.family(), source, config.layers(), config.hidden(), config.heads(), config.kvHeads(),
                config.headDim(), config.ffn(), config.vocab(), config.maxContext(), weights.layers()[0].wq().type().name());
    }

    @Override public synchronized TextTokenizer tokenizer() {
        if (tokenizer == null) tokenizer = tokenizerFactory.get();
        return tokenizer;
    }

    @Override public DecoderSession newSession(DecodeOptions options) { return new LlamaSession(this, options); }

    @Override public void close() throws IOException {
        if (tokenizer instanceof AutoCloseable c) {
            try { c.close(); } catch (Exception e) { throw new IOException("closing the tokenizer: " + e.getMessage(), e); }
        }
        store.close();
    }
}
