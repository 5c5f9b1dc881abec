package org.ncsparse.model.llama;

import org.ncsparse.model.block.RopeScaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Architecture of a Llama-family decoder (Llama 2/3, Mistral, Qwen2): the numbers the forward pass
 * needs, read from a Hugging Face {@code config.json} or GGUF metadata.
 *
 * @param family          "llama", "mistral" or "qwen2"
 * @param hidden          model width
 * @param layers          transformer blocks
 * @param heads           query heads
 * @param kvHeads         key/value heads (grouped-query attention when fewer than heads)
 * @param headDim         dimension of one head
 * @param ffn             SwiGLU inner width
 * @param vocab           vocabulary size
 * @param rmsEps          ε of RMSNorm
 * @param ropeTheta       RoPE base
 * @param ropeScaling     long-context frequency scaling, or null
 * @param maxContext      trained context length
 * @param tiedEmbeddings  output projection = token embedding (no separate lm_head)
 * @param slidingWindow   Mistral sliding-window length, 0 if attention is full
 * @param bos             beginning-of-sequence id or -1
 * @param eos             end-of-sequence id or -1
 */
public record LlamaConfig(String family, int hidden, int layers, int heads, int kvHeads, int headDim, int ffn, int vocab,
                          double rmsEps, double ropeTheta, RopeScaling ropeScaling, int maxContext, boolean tiedEmbeddings,
                          int slidingWindow, int bos, int eos) {
    /** Families this package runs. */
    public static final java.util.List<String> FAMILIES = java.util.List.of("llama", "mistral", "qwen2");

    public LlamaConfig {
        positive("hidden_size", hidden); positive("num_hidden_layers", layers); positive("num_attention_heads", heads);
        positive("num_key_value_heads", kvHeads); positive("head_dim", headDim); positive("intermediate_size", ffn);
        positive("vocab_size", vocab); positive("max_position_embeddings", maxContext);
        if (heads % kvHeads != 0)
            throw new IllegalArgumentException("num_attention_heads (" + heads + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        if (headDim % 2 != 0) throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
        if (!(rmsEps > 0) || rmsEps > 1) throw new IllegalArgumentException("rms_norm_eps must be in (0, 1], got " + rmsEps);
        if (!(ropeTheta > 1) || Double.isInfinite(ropeTheta)) throw new IllegalArgumentException("rope_theta must be > 1, got " + ropeTheta);
        if (slidingWindow < 0) throw new IllegalArgumentException("sliding_window must be >= 0, got " + slidingWindow);
        // bound what a hostile config can make us allocate per token (activations, not weights)
        if ((long) heads * headDim > 1 << 20 || ffn > 1 << 20 || hidden > 1 << 20 || layers > 4096 || vocab > 1 << 22)
            throw new IllegalArgumentException("config dimensions are implausibly large: hidden " + hidden + ", heads*head_dim "
                    + (long) heads * headDim + ", intermediate " + ffn + ", layers " + layers + ", vocab " + vocab);
    }

    private static void positive(String key, int v) {
        if (v < 1) throw new IllegalArgumentException(key + " must be >= 1, got " + v);
    }

    /** Query width heads·headDim. */
    public int qDim() { return heads * headDim; }

    /** Key/value width kvHeads·headDim. */
    public int kvDim() { return kvHeads * headDim; }

    /** Reads a Hugging Face {@code config.json} ({@code model_type} llama, mistral or qwen2). */
    public static LlamaConfig fromHf(JsonNode c) {
        String type = c.path("model_type").asText("");
        if (!FAMILIES.contains(type))
            throw new IllegalArgumentException("config.json model_type '" + type + "' is not a Llama-family model (supported: " + FAMILIES + ")");
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) throw new IllegalArgumentException("config.json hidden_act '" + act + "' is not supported (silu is)");
        int hidden = required(c, "hidden_size"), heads = required(c, "num_attention_heads");
        int kvHeads = c.path("num_key_value_heads").isNumber() ? c.get("num_key_value_heads").asInt() : heads;
        int headDim = c.path("head_dim").isNumber() ? c.get("head_dim").asInt() : hidden / heads;
        int window = 0;
        JsonNode sw = c.path("sliding_window");
        boolean windowOn = type.equals("mistral") || c.path("use_sliding_window").asBoolean(false);
        if (windowOn && sw.isNumber()) window = sw.asInt();
        return new LlamaConfig(type, hidden, required(c, "num_hidden_layers"), heads, kvHeads, headDim,
                required(c, "intermediate_size"), required(c, "vocab_size"), c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000), hfScaling(c.path("rope_scaling"), c.path("max_position_embeddings").asInt(2048)),
                c.path("max_position_embeddings").asInt(2048), c.path("tie_word_embeddings").asBoolean(false),
                window, firstId(c.path("bos_token_id")), firstId(c.path("eos_token_id")));
    }

    /** GGUF architectures this package runs (Mistral checkpoints are stored as llama). */
    public static final java.util.List<String> GGUF_ARCHITECTURES = java.util.List.of("llama", "qwen2");

    /**
     * Reads GGUF metadata ({@code general.architecture} llama or qwen2; keys {@code <arch>.block_count},
     * {@code <arch>.embedding_length}, …). The vocabulary size is the token embedding's row count;
     * {@code tied} says the file has no {@code output.weight}.
     */
    public static LlamaConfig fromGguf(java.util.Map<String, ?> m, int vocab, boolean tied) {
        String arch = MetadataValues.string(m, "general.architecture");
        if (!GGUF_ARCHITECTURES.contains(arch))
            throw new IllegalArgumentException("GGUF general.architecture '" + arch + "' is not a Llama-family model (supported: " + GGUF_ARCHITECTURES + ")");
        String p = arch + ".";
        int hidden = ggufInt(m, p + "embedding_length"), heads = ggufInt(m, p + "attention.head_count");
        int kvHeads = (int) MetadataValues.integer(m, p + "attention.head_count_kv", heads);
        int headDim = (int) MetadataValues.integer(m, p + "attention.key_length", heads > 0 ? hidden / heads : 0);
        long ropeDims = MetadataValues.integer(m, p + "rope.dimension_count", headDim);
        if (ropeDims != headDim)
            throw new IllegalArgumentException("GGUF " + p + "rope.dimension_count = " + ropeDims + " differs from the head dimension " + headDim
                    + ": partial rotary embeddings are not supported");
        RopeScaling scaling = null;
        String type = MetadataValues.has(m, p + "rope.scaling.type") ? MetadataValues.string(m, p + "rope.scaling.type") : "none";
        switch (type) {
            case "none" -> { }
            case "linear" -> scaling = RopeScaling.linear(MetadataValues.real(m, p + "rope.scaling.factor"));
            // llama.cpp's YaRN: beta_fast 32, beta_slow 1, cos/sin × attn_factor (default 1) × (0.1·ln(factor) + 1)
            case "yarn" -> {
                double factor = MetadataValues.real(m, p + "rope.scaling.factor");
                long original = MetadataValues.integer(m, p + "rope.scaling.original_context_length");
                if (original < 1 || original > Integer.MAX_VALUE)
                    throw new IllegalArgumentException("GGUF metadata key '" + p + "rope.scaling.original_context_length' must be a positive int, got " + original);
                double attention = MetadataValues.real(m, p + "rope.scaling.attn_factor", 1) * RopeScaling.Yarn.defaultAttentionFactor(factor);
                scaling = new RopeScaling.Yarn(factor, (int) original, 32, 1, attention);
            }
            default -> throw new IllegalArgumentException("GGUF " + p + "rope.scaling.type '" + type + "' is not supported (none, linear and yarn are; llama3 scaling comes as rope_freqs.weight)");
        }
        return new LlamaConfig(arch, hidden, ggufInt(m, p + "block_count"), heads, kvHeads, headDim, ggufInt(m, p + "feed_forward_length"),
                vocab, MetadataValues.real(m, p + "attention.layer_norm_rms_epsilon"), MetadataValues.real(m, p + "rope.freq_base", 10000),
                scaling, ggufInt(m, p + "context_length"), tied, 0,
                (int) MetadataValues.integer(m, GgufTokenizers.BOS, -1), (int) MetadataValues.integer(m, GgufTokenizers.EOS, -1));
    }

    private static int ggufInt(java.util.Map<String, ?> m, String key) {
        long v = MetadataValues.integer(m, key);
        if (v < 1 || v > Integer.MAX_VALUE) throw new IllegalArgumentException("GGUF metadata key '" + key + "' must be a positive int, got " + v);
        return (int) v;
    }

    /**
     * {@code rope_scaling} of config.json: {@code linear}, {@code llama3} and {@code yarn} (Hugging Face's
     * keys and defaults; YaRN's original context defaults to max_position_embeddings). Refused: dynamic
     * NTK (its frequencies change with the sequence length), longrope, and DeepSeek's mscale variant of YaRN.
     */
    private static RopeScaling hfScaling(JsonNode s, int maxPositions) {
        if (s.isMissingNode() || s.isNull()) return null;
        String type = s.path("rope_type").asText(s.path("type").asText(""));
        double factor = s.path("factor").asDouble(Double.NaN);
        return switch (type) {
            case "default" -> null;
            case "linear" -> RopeScaling.linear(factor);
            case "llama3" -> new RopeScaling.Llama3(factor, s.path("low_freq_factor").asDouble(1), s.path("high_freq_factor").asDouble(4),
                    s.path("original_max_position_embeddings").asInt(8192));
            case "yarn" -> {
                for (String key : List.of("mscale", "mscale_all_dim"))
                    if (s.has(key)) throw new IllegalArgumentException("config.json rope_scaling." + key + " (DeepSeek's YaRN variant) is not supported");
                if (!s.path("truncate").asBoolean(true))
                    throw new IllegalArgumentException("config.json rope_scaling.truncate = false is not supported (YaRN's ramp ends are rounded to whole pairs)");
                JsonNode attention = s.path("attention_factor");
                yield new RopeScaling.Yarn(factor, s.path("original_max_position_embeddings").asInt(maxPositions),
                        s.path("beta_fast").asDouble(32), s.path("beta_slow").asDouble(1),
                        attention.isNumber() ? attention.asDouble() : RopeScaling.Yarn.defaultAttentionFactor(factor));
            }
            default -> throw new IllegalArgumentException("config.json rope_scaling type '" + type
                    + "' is not supported (linear, llama3 and yarn are; dynamic NTK scaling changes frequencies with the sequence length and is refused)");
        };
    }

    private static int required(JsonNode c, String key) {
        JsonNode v = c.get(key);
        if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException("config.json: missing or non-integer key '" + key + "'");
        return v.asInt();
    }

    private static int firstId(JsonNode n) {
        if (n.isArray()) return n.isEmpty() ? -1 : n.get(0).asInt(-1);
        return n.isNumber() ? n.asInt() : -1;
    }

    /** A copy with another tied-embeddings flag (set when the checkpoint has no separate output matrix). */
    public LlamaConfig withTiedEmbeddings(boolean tied) {
        return new LlamaConfig(family, hidden, layers, heads, kvHeads, headDim, ffn, vocab, rmsEps, ropeTheta, ropeScaling,
                maxContext, tied, slidingWindow, bos, eos);
    }
}
