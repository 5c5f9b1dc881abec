package org.ncsparse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry picks the family from the file and names what it cannot read. */
class ModelRegistryTest {
    @TempDir Path tmp;

    @Test
    void familiesFromConfigMagicAndExtension() throws Exception {
        Path hf = Files.createDirectories(tmp.resolve("hf"));
        Files.writeString(hf.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        ModelRegistry.Detected d = ModelRegistry.detect(hf);
        assertThat(d.family()).isEqualTo("llama");
        assertThat(d.architecture()).isEqualTo("qwen2");
        assertThat(d.format()).isEqualTo("hf-safetensors");
        assertThat(ModelRegistry.detect(hf.resolve("config.json")).family()).isEqualTo("llama");
        Files.writeString(hf.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertThat(ModelRegistry.detect(hf).family()).isEqualTo("bert");
        assertThatThrownBy(() -> ModelRegistry.openCausalLm(hf)).hasMessageContaining("not a decoder");
        Files.writeString(hf.resolve("config.json"), "{\"model_type\": \"t5\"}");
        assertThatThrownBy(() -> ModelRegistry.detect(hf)).hasMessageContaining("model_type 't5'");
        assertThat(ModelRegistry.detect(Files.writeString(tmp.resolve("m.onnx"), "x")).family()).isEqualTo("bert");
        assertThatThrownBy(() -> ModelRegistry.detect(Files.writeString(tmp.resolve("notes.txt"), "x"))).hasMessageContaining("neither");
        assertThatThrownBy(() -> ModelRegistry.detect(tmp.resolve("absent"))).hasMessageContaining("no such file");
        Path truncated = Files.write(tmp.resolve("t.gguf"), new byte[] {'G', 'G', 'U', 'F', 3, 0});
        assertThatThrownBy(() -> ModelRegistry.detect(truncated)).hasMessageContaining("t.gguf");
        assertThat(ModelRegistry.FAMILIES).extracting(ModelRegistry.Family::name).containsExactly("llama", "bert");
    }
}
