package org.ncsparse.model.hf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.model.fuzz.FuzzTarget;

/** config.json: strict parse, then the typed accessors a model family uses (including a nested section). */
public final class HfConfigFuzzTarget implements FuzzTarget {
    @Override public String name() { return "config-json"; }

    @Override public List<byte[]> seeds() {
        return List.of("""
                {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "rms_norm_eps": 1e-5, "tie_word_embeddings": true,
                 "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 8192}, "eos_token_id": [1, 2]}"""
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override public List<byte[]> dictionary() {
        List<byte[]> out = new ArrayList<>();
        for (String w : new String[] {"\"model_type\"", "\"hidden_size\"", "\"rope_scaling\"", "null", "true", "1e400", "-1", "2147483648", "[", "]", "{", "}", ",", ":", "\""})
            out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        HfConfig c = HfConfig.parse("config.json", input);
        c.keys();
        c.modelType();
        c.integer("hidden_size");
        c.integer("num_attention_heads", 1);
        c.number("rms_norm_eps", 1e-6);
        c.bool("tie_word_embeddings", false);
        if (c.has("eos_token_id")) c.integers("eos_token_id");
        c.section("rope_scaling").ifPresent(r -> {
            r.optionalString("rope_type");
            r.number("factor", 1);
            r.integer("original_max_position_embeddings", 0);
        });
    }
}
