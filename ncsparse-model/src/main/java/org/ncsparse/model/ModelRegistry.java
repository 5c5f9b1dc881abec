package org.ncsparse.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ncsparse.model.gguf.GgufMetadata;
import org.ncsparse.model.gguf.GgufStore;
import org.ncsparse.model.hf.HfConfig;
import org.ncsparse.model.llama.LlamaConfig;
import org.ncsparse.model.llama.LlamaLoader;
import org.ncsparse.model.llm.CausalLm;

/**
 * Which model family reads a file, decided from the file itself: GGUF {@code general.architecture},
 * Hugging Face {@code config.json} {@code model_type}, or an ONNX graph (the BERT encoders).
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** A family this project runs: its package, what it is, the files and architectures it reads. */
    public record Family(String name, String kind, String formats, String architectures, String entryPoint) {}

    public static final List<Family> FAMILIES = List.of(
            new Family("llama", "decoder language model (causal LM)",
                    "Hugging Face folder (config.json + *.safetensors, F32/F16/BF16, + tokenizer.json); GGUF v3",
                    "HF model_type llama, mistral, qwen2; GGUF general.architecture llama, qwen2",
                    "ModelRegistry.openCausalLm(path) -> org.ncsparse.model.llama"),
            new Family("bert", "encoder (sentence embeddings)",
                    "ONNX graphs inside the langchain4j embedding jars (all-MiniLM-L6-v2, bge-small-en-v1.5, e5-small-v2)",
                    "BERT (WordPiece tokenizer.json)",
                    "org.ncsparse.model.bert.ModelStore / BertModel"));

    /** What {@link #detect} found: the family, the file format and the architecture string. */
    public record Detected(String family, String format, String architecture, Path path) {}

    /** Identifies the family of {@code path} without loading weights. */
    public static Detected detect(Path path) throws IOException {
        if (path == null) throw new IllegalArgumentException("model path must not be null");
        if (!Files.exists(path)) throw new IOException(path + ": no such file or folder");
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (Files.isRegularFile(path) && isGguf(path)) {
            try (GgufStore store = GgufStore.open(path)) {
                GgufMetadata m = store.metadata();
                if (!m.contains(ARCHITECTURE)) throw new IllegalArgumentException(path + ": GGUF metadata key '" + ARCHITECTURE + "' is missing");
                String arch = m.string(ARCHITECTURE);
                if (LlamaConfig.GGUF_ARCHITECTURES.contains(arch)) return new Detected("llama", "gguf", arch, path);
                throw new IllegalArgumentException(path + ": GGUF " + ARCHITECTURE + " '" + arch + "' has no family here (decoders: "
                        + LlamaConfig.GGUF_ARCHITECTURES + ")");
            }
        }
        if (name.endsWith(".onnx")) return new Detected("bert", "onnx", "bert", path);
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        if (Files.isRegularFile(dir.resolve(HfConfig.FILE))) {
            String type = HfConfig.read(dir).modelType();
            if (LlamaConfig.FAMILIES.contains(type)) return new Detected("llama", "hf-safetensors", type, path);
            if (type.equals("bert")) return new Detected("bert", "hf", type, path);
            throw new IllegalArgumentException(dir.resolve(HfConfig.FILE) + ": model_type '" + type + "' has no family here (decoders: "
                    + LlamaConfig.FAMILIES + ")");
        }
        throw new IllegalArgumentException(path + " is neither a GGUF file, an ONNX file nor a folder with " + HfConfig.FILE);
    }

    /** Opens a decoder language model (weights memory-mapped); the family is chosen by {@link #detect}. */
    public static CausalLm openCausalLm(Path path) throws IOException {
        Detected d = detect(path);
        if (!d.family().equals("llama"))
            throw new IllegalArgumentException(path + " is a " + d.family() + " model (" + d.format() + "), not a decoder language model");
        return d.format().equals("gguf") ? LlamaLoader.openGguf(path) : LlamaLoader.openHf(path);
    }

    static final String ARCHITECTURE = "general.architecture";

    /** True when the file starts with the GGUF magic. */
    static boolean isGguf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'G' && magic[1] == 'G' && magic[2] == 'U' && magic[3] == 'F';
        }
    }
}
