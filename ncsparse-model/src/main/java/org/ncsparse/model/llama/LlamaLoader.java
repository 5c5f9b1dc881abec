package org.ncsparse.model.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ncsparse.model.block.RopeLayout;
import org.ncsparse.model.hf.HfConfig;
import org.ncsparse.model.safetensors.SafetensorsStore;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tokenizer.HfTokenizer;
import org.ncsparse.model.tokenizer.TextTokenizer;

/** Opens Llama-family checkpoints: a Hugging Face folder ({@code config.json}, safetensors, {@code tokenizer.json}). */
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

    private static TextTokenizer hfTokenizer(Path json, LlamaConfig c) {
        if (!Files.isRegularFile(json))
            throw new IllegalStateException(json.getParent() + " has no " + TOKENIZER + ": cannot tokenize text (pass token ids instead, e.g. --ids)");
        try { return HfTokenizer.read(json, c.vocab(), c.bos(), c.eos()); }
        catch (IOException e) { throw new IllegalStateException(e.getMessage(), e); }
    }
}
