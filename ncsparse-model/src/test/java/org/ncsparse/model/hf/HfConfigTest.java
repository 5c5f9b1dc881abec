package org.ncsparse.model.hf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HfConfigTest {
    @TempDir Path dir;

    @Test
    void typedAccessorsReadALlamaConfig() throws IOException {
        Files.writeString(dir.resolve("config.json"), """
                {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-5, "rope_theta": 500000.0, "tie_word_embeddings": true, "eos_token_id": [1, 2],
                 "bos_token_id": 0, "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "original_max_position_embeddings": 8192},
                 "sliding_window": null}""");
        HfConfig c = HfConfig.read(dir);
        assertThat(c.modelType()).isEqualTo("llama");
        assertThat(c.integer("hidden_size")).isEqualTo(64);
        assertThat(c.integer("intermediate_size", 172)).isEqualTo(172);
        assertThat(c.number("rms_norm_eps")).isEqualTo(1e-5);
        assertThat(c.number("rope_theta")).isEqualTo(500000.0);
        assertThat(c.bool("tie_word_embeddings", false)).isTrue();
        assertThat(c.integers("eos_token_id")).containsExactly(1, 2);
        assertThat(c.integers("bos_token_id")).containsExactly(0);
        assertThat(c.has("sliding_window")).isFalse();
        HfConfig rope = c.section("rope_scaling").orElseThrow();
        assertThat(rope.string("rope_type")).isEqualTo("llama3");
        assertThat(rope.integer("original_max_position_embeddings")).isEqualTo(8192);
        assertThatThrownBy(() -> rope.integer("factor")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rope_scaling.factor'");
        assertThatThrownBy(() -> c.integer("num_hidden_layers")).hasMessageContaining("'num_hidden_layers' is missing");
        assertThatThrownBy(() -> c.string("hidden_size")).hasMessageContaining("'hidden_size' must be a string");
        assertThat(c.section("absent")).isEmpty();
    }

    @Test
    void badFilesFailInOneLine() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"a\": 1, \"a\": 2}");
        assertThatThrownBy(() -> HfConfig.read(f)).isInstanceOf(IOException.class).hasMessageContaining("Duplicate").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Files.writeString(f, "{\"a\": 1} trailing");
        assertThatThrownBy(() -> HfConfig.read(f)).isInstanceOf(IOException.class).hasMessageContaining("not valid JSON");
        Files.writeString(f, "[1]");
        assertThatThrownBy(() -> HfConfig.read(f)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> HfConfig.read(dir.resolve("nope"))).hasMessageContaining("no such file");
        assertThatThrownBy(() -> HfConfig.read(dir.resolve("sub").resolve("config.json"))).isInstanceOf(IOException.class);
    }
}
