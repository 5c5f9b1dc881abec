package org.ncsparse.model.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ncsparse.model.block.RopeLayout;
import org.ncsparse.model.gguf.GgufStore;
import org.ncsparse.model.hf.HfConfig;
import org.ncsparse.model.safetensors.SafetensorsStore;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tokenizer.HfTokenizer;
import org.ncsparse.model.tokenizer.TextTokenizer;

/**
 * Opens Llama-family checkpoints: a Hugging Face folder ({@code config.json}, safetensors,
 * {@code tokenizer.json}) or a GGUF file (config, weights and tokenizer in one file).
 */
public final class LlamaLoader {
    public static final String TOKENIZER = "tokenizer.json";

    private LlamaLoader() {}

    /**
     * A Hugging Face checkpoint: {@code path} is its folder, its {@code config.json}, a {@code .safetensors}
     * file or the shard index beside a {@code config.json}. Weights are memory-mapped.
     */
    public static LlamaModel openHf(Path path) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path weights = Files.isDirectory(path) || path.getFileName().toString().equals(HfConfig.FILE) ? dir : path;
        LlamaConfig config = LlamaConfig.fromHf(HfConfig.read(dir).json());
        TensorStore store = SafetensorsStore.open(weights);
        try {
            boolean tied = config.tiedEmbeddings() || !store.contains(WeightNaming.HF.output);
            LlamaConfig c = config.withTiedEmbeddings(tied);
            Path tokenizerJson = dir.resolve(TOKENIZER);
            return new LlamaModel(c, store, WeightNaming.HF, RopeLayout.HALVES, null, dir.toString(), () -> hfTokenizer(tokenizerJson, c));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * A GGUF file ({@code general.architecture} llama or qwen2). llama files store Q/K rows permuted for
     * llama.cpp's interleaved RoPE pairs (2i, 2i+1); qwen2 files keep the Hugging Face halves layout
     * (llama.cpp runs them with its "neox" rotation). Llama-3 frequency scaling comes as the per-pair
     * divisors of {@code rope_freqs.weight}.
     */
    public static LlamaModel openGguf(Path file) throws IOException {
        GgufStore store = GgufStore.open(file);
        try {
            Map<String, Object> meta = store.metadata().exactValues(); // unsigned values widened
            if (!store.contains(WeightNaming.GGUF.embed)) throw new IllegalArgumentException(file + ": tensor '" + WeightNaming.GGUF.embed + "' is missing");
            long vocab = store.shape(WeightNaming.GGUF.embed)[0];
            if (vocab < 1 || vocab > Integer.MAX_VALUE) throw new IllegalArgumentException(file + ": tensor '" + WeightNaming.GGUF.embed + "' has " + vocab + " rows");
            LlamaConfig c = LlamaConfig.fromGguf(meta, (int) vocab, !store.contains(WeightNaming.GGUF.output));
            RopeLayout layout = c.family().equals("qwen2") ? RopeLayout.HALVES : RopeLayout.INTERLEAVED;
            float[] freqs = null;
            if (store.contains(ROPE_FREQS)) {
                long[] shape = store.shape(ROPE_FREQS);
                if (shape.length != 1 || shape[0] != c.headDim() / 2)
                    throw new IllegalArgumentException(file + ": tensor '" + ROPE_FREQS + "' has shape " + java.util.Arrays.toString(shape)
                            + ", expected [" + c.headDim() / 2 + "]");
                freqs = store.floats(ROPE_FREQS, c.headDim() / 2);
            }
            String source = file.toString();
            return new LlamaModel(c, store, WeightNaming.GGUF, layout, freqs, source, () -> GgufTokenizers.fromMetadata(meta, source));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** GGUF per-pair RoPE frequency divisors (Llama 3.1+ scaling). */
    public static final String ROPE_FREQS = "rope_freqs.weight";

    private static TextTokenizer hfTokenizer(Path json, LlamaConfig c) {
        if (!Files.isRegularFile(json))
            throw new IllegalStateException(json.getParent() + " has no " + TOKENIZER + ": cannot tokenize text (pass token ids instead, e.g. --ids)");
        try { return HfTokenizer.read(json, c.vocab(), c.eos()); }
        catch (IOException e) { throw new IllegalStateException(e.getMessage(), e); }
    }
}
