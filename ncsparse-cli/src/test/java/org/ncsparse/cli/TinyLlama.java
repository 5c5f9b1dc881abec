package org.ncsparse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;

/**
 * Test-only: a tiny random Llama checkpoint in Hugging Face layout (2 layers, hidden 32, 4 heads over
 * 2 kv heads, vocabulary 256) with a byte-level tokenizer.json whose 256 tokens are the 256 bytes.
 */
final class TinyLlama {
    static final ObjectMapper JSON = new ObjectMapper();

    private TinyLlama() {}

    /** Writes config.json, model.safetensors and tokenizer.json into {@code dir} (once). */
    static Path write(Path dir, long seed) throws IOException {
        if (Files.exists(dir.resolve("tokenizer.json"))) return dir;
        Files.createDirectories(dir);
        int h = 32, layers = 2, heads = 4, kv = 2, hd = 8, ffn = 64, vocab = 256;
        Files.writeString(dir.resolve("config.json"), JSON.writeValueAsString(Map.of("model_type", "llama", "hidden_size", h,
                "num_hidden_layers", layers, "num_attention_heads", heads, "num_key_value_heads", kv, "intermediate_size", ffn,
                "vocab_size", vocab, "eos_token_id", 2, "max_position_embeddings", 4096)));
        Random r = new Random(seed);
        Map<String, DumpWriter.Entry> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", mat(r, vocab, h));
        t.put("model.norm.weight", ones(h));
        t.put("lm_head.weight", mat(r, vocab, h));
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", ones(h));
            t.put(p + "post_attention_layernorm.weight", ones(h));
            t.put(p + "self_attn.q_proj.weight", mat(r, heads * hd, h));
            t.put(p + "self_attn.k_proj.weight", mat(r, kv * hd, h));
            t.put(p + "self_attn.v_proj.weight", mat(r, kv * hd, h));
            t.put(p + "self_attn.o_proj.weight", mat(r, h, heads * hd));
            t.put(p + "mlp.gate_proj.weight", mat(r, ffn, h));
            t.put(p + "mlp.up_proj.weight", mat(r, ffn, h));
            t.put(p + "mlp.down_proj.weight", mat(r, h, ffn));
        }
        DumpWriter.safetensors(dir.resolve("model.safetensors"), t);
        Files.writeString(dir.resolve("tokenizer.json"), byteLevelTokenizer());
        return dir;
    }

    /** A byte-level BPE tokenizer.json with the 256 byte symbols as the whole vocabulary and no merges. */
    static String byteLevelTokenizer() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel"); pre.put("add_prefix_space", false); pre.put("trim_offsets", false); pre.put("use_regex", true);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel"); dec.put("add_prefix_space", false); dec.put("trim_offsets", false); dec.put("use_regex", true);
        ObjectNode m = root.putObject("model");
        m.put("type", "BPE"); m.putNull("dropout"); m.putNull("unk_token"); m.put("fuse_unk", false); m.put("byte_fallback", false);
        ObjectNode vocab = m.putObject("vocab");
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            vocab.put(String.valueOf((char) (printable ? b : 256 + extra++)), b);
        }
        m.putArray("merges");
        return JSON.writeValueAsString(root);
    }

    private static DumpWriter.Entry mat(Random r, int rows, int cols) {
        float[] a = new float[rows * cols];
        for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextGaussian() / Math.sqrt(cols));
        return new DumpWriter.Entry(a, new long[] {rows, cols}, DType.F32);
    }

    private static DumpWriter.Entry ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return new DumpWriter.Entry(a, new long[] {n}, DType.F32);
    }
}
