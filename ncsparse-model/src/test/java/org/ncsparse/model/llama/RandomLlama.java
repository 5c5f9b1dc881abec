package org.ncsparse.model.llama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;

/** Test-only: a random Llama checkpoint in Hugging Face layout written from Java (no Python needed). */
final class RandomLlama {
    private RandomLlama() {}

    /** config.json + model.safetensors; hidden 32, 2 layers, 4 heads of 8, 2 kv heads, ffn 48, vocab 64. */
    static Path write(Path dir, long seed, Map<String, Object> overrides) throws IOException { return write(dir, seed, overrides, 2); }

    /** As {@link #write(Path, long, Map)} with q and k projections of gain qkGain / sqrt(hidden) (the attention logits scale with qkGain²). */
    static Path write(Path dir, long seed, Map<String, Object> overrides, double qkGain) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        ObjectMapper om = new ObjectMapper();
        ObjectNode c = om.createObjectNode();
        c.put("model_type", "llama"); c.put("hidden_size", 32); c.put("num_hidden_layers", 2); c.put("num_attention_heads", 4);
        c.put("num_key_value_heads", 2); c.put("intermediate_size", 48); c.put("vocab_size", 64); c.put("rms_norm_eps", 1e-5);
        c.put("rope_theta", 10000.0); c.put("max_position_embeddings", 512); c.put("bos_token_id", 1); c.put("eos_token_id", 2);
        overrides.forEach((k, v) -> c.set(k, om.valueToTree(v)));
        om.writeValue(dir.resolve("config.json").toFile(), c);
        int h = c.get("hidden_size").asInt(), heads = c.get("num_attention_heads").asInt(), kv = c.get("num_key_value_heads").asInt();
        int hd = h / heads, ffn = c.get("intermediate_size").asInt(), vocab = c.get("vocab_size").asInt();
        Random r = new Random(seed);
        Map<String, DumpWriter.Entry> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", mat(r, vocab, h, 1));
        t.put("model.norm.weight", norm(r, h));
        t.put("lm_head.weight", mat(r, vocab, h, 1 / Math.sqrt(h)));
        for (int l = 0; l < c.get("num_hidden_layers").asInt(); l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", norm(r, h));
            t.put(p + "post_attention_layernorm.weight", norm(r, h));
            t.put(p + "self_attn.q_proj.weight", mat(r, heads * hd, h, qkGain / Math.sqrt(h)));
            t.put(p + "self_attn.k_proj.weight", mat(r, kv * hd, h, qkGain / Math.sqrt(h)));
            t.put(p + "self_attn.v_proj.weight", mat(r, kv * hd, h, 1 / Math.sqrt(h)));
            t.put(p + "self_attn.o_proj.weight", mat(r, h, heads * hd, 1 / Math.sqrt(h)));
            t.put(p + "mlp.gate_proj.weight", mat(r, ffn, h, 1 / Math.sqrt(h)));
            t.put(p + "mlp.up_proj.weight", mat(r, ffn, h, 1 / Math.sqrt(h)));
            t.put(p + "mlp.down_proj.weight", mat(r, h, ffn, 1 / Math.sqrt(ffn)));
        }
        DumpWriter.safetensors(dir.resolve("model.safetensors"), t);
        return dir;
    }

    private static DumpWriter.Entry mat(Random r, int rows, int cols, double gain) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() * gain);
        return new DumpWriter.Entry(a, new long[] {rows, cols}, DType.F32);
    }

    private static DumpWriter.Entry norm(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (1 + 0.1 * r.nextGaussian());
        return new DumpWriter.Entry(a, new long[] {n}, DType.F32);
    }
}
