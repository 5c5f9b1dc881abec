package org.ncsparse.model.llama;

/** Tensor names of the Llama family in each file layout. */
public enum WeightNaming {
    /** Hugging Face transformers: {@code model.layers.N.self_attn.q_proj.weight}, … */
    HF("model.embed_tokens.weight", "model.norm.weight", "lm_head.weight", "model.layers.%d."),
    /** llama.cpp GGUF: {@code blk.N.attn_q.weight}, … */
    GGUF("token_embd.weight", "output_norm.weight", "output.weight", "blk.%d.");

    /** The tensors of one block. */
    public enum Role {
        ATTN_NORM("input_layernorm.weight", "attn_norm.weight"),
        Q("self_attn.q_proj.weight", "attn_q.weight"), K("self_attn.k_proj.weight", "attn_k.weight"),
        V("self_attn.v_proj.weight", "attn_v.weight"), O("self_attn.o_proj.weight", "attn_output.weight"),
        Q_BIAS("self_attn.q_proj.bias", "attn_q.bias"), K_BIAS("self_attn.k_proj.bias", "attn_k.bias"),
        V_BIAS("self_attn.v_proj.bias", "attn_v.bias"), O_BIAS("self_attn.o_proj.bias", "attn_output.bias"),
        FFN_NORM("post_attention_layernorm.weight", "ffn_norm.weight"),
        GATE("mlp.gate_proj.weight", "ffn_gate.weight"), UP("mlp.up_proj.weight", "ffn_up.weight"),
        DOWN("mlp.down_proj.weight", "ffn_down.weight");

        final String hf, gguf;
        Role(String hf, String gguf) { this.hf = hf; this.gguf = gguf; }
    }

    public final String embed, norm, output;
    private final String layerPrefix;

    WeightNaming(String embed, String norm, String output, String layerPrefix) {
        this.embed = embed; this.norm = norm; this.output = output; this.layerPrefix = layerPrefix;
    }

    public String layer(int layer, Role role) {
        return String.format(java.util.Locale.ROOT, layerPrefix, layer) + (this == HF ? role.hf : role.gguf);
    }
}
