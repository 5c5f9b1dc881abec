package org.ncsparse.bench.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Jlama (com.github.tjake:jlama-core, a pure-Java inference engine from Maven Central) running the
 * same safetensors folder in this JVM, as the decoder speed peer. One sequence at a time: {@link #prefill}
 * starts a fresh KV cache, {@link #step} appends one token; both return the greedy next token
 * (argmax of the logits, lowest id on ties, like NcSparse). Activations and the KV cache are F32; before
 * each matmul Jlama rounds the activations to BF16 when the weights are BF16 ({@link #matmulInputType()}).
 * <p>
 * Threads: Jlama runs every parallel loop in one process-wide ForkJoinPool whose size is fixed the
 * first time it is used ({@code PhysicalCoreExecutor}); a second peer in the same JVM must ask for the same count.
 * Loading Jlama also sets {@code jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0}, which switches off the
 * Vector API's index checks JVM-wide when no vector code has run before: NcSparse's kernels in the same JVM
 * then run without them too.
 */
public final class JlamaPeer implements AutoCloseable {
    /** Why Jlama cannot run this model here, in one line. */
    public static final class Unavailable extends Exception {
        public Unavailable(String reason, Throwable cause) { super(reason, cause); }
    }

    private final AbstractModel model;
    private final int vocab, kvHeads, contextLength;
    private final double loadMillis;
    private final String caveat;
    private final AbstractTensor logits;
    private KvBufferCache cache;
    private KvBufferCache.KvBuffer kv;
    private int length;

    private JlamaPeer(AbstractModel model, double loadMillis, String caveat) {
        this.model = model;
        this.loadMillis = loadMillis;
        this.caveat = caveat;
        this.vocab = model.getConfig().vocabularySize;
        this.kvHeads = model.getConfig().numberOfKeyValueHeads;
        this.contextLength = model.getConfig().contextLength;
        this.logits = model.makeDenseTensor(vocab);
    }

    /** Jlama's version from its jar (e.g. "0.8.4"). */
    public static String version() {
        try (InputStream in = AbstractModel.class.getResourceAsStream("/META-INF/maven/com.github.tjake/jlama-core/pom.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Loads the Hugging Face folder (config.json, model.safetensors, tokenizer.json) with {@code threads} threads. */
    public static JlamaPeer open(Path folder, int threads) throws Unavailable {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        String caveat = checkFolder(folder);
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty())
            throw new Unavailable("Jlama needs the Vector API: start the JVM with --add-modules jdk.incubator.vector", null);
        setThreads(threads);
        long t0 = System.nanoTime();
        AbstractModel m;
        try {
            // F32 working memory; the quantised type follows the weights (Jlama's own rule for F32 and BF16 models)
            m = ModelSupport.loadModel(folder.toFile(), null, DType.F32, DType.F32, Optional.empty(), Optional.empty());
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new Unavailable("Jlama " + version() + " could not load " + folder + ": " + root, e);
        }
        return new JlamaPeer(m, (System.nanoTime() - t0) / 1e6, caveat);
    }

    /**
     * What Jlama 0.8.4 needs from the folder, checked before loading so the reason is one clear line;
     * returns what Jlama runs differently from the config (null when nothing).
     */
    static String checkFolder(Path folder) throws Unavailable {
        for (String f : new String[] {"config.json", "tokenizer.json"})
            if (!Files.isRegularFile(folder.resolve(f)))
                throw new Unavailable("Jlama needs " + f + " in " + folder + (f.equals("tokenizer.json")
                        ? " (its loader builds a tokenizer even when given token ids; random_llama.py --byte-tokenizer writes one)" : ""), null);
        if (!Files.isRegularFile(folder.resolve("model.safetensors")) && !Files.isRegularFile(folder.resolve("model.safetensors.index.json")))
            throw new Unavailable("Jlama needs model.safetensors (or model.safetensors.index.json) in " + folder + "; it does not read GGUF", null);
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        } catch (IOException e) {
            throw new Unavailable("config.json in " + folder + " is not JSON: " + e.getMessage(), e);
        }
        String type = c.path("model_type").asText("");
        if (!type.equals("llama") && !type.equals("mistral") && !type.equals("qwen2"))
            throw new Unavailable("config.json model_type '" + type + "': the Jlama peer is wired for llama, mistral and qwen2", null);
        int hidden = c.path("hidden_size").asInt(0), heads = c.path("num_attention_heads").asInt(0);
        if (c.has("head_dim") && heads > 0 && c.path("head_dim").asInt() * heads != hidden)
            throw new Unavailable("config.json head_dim " + c.path("head_dim").asInt() + " != hidden_size / num_attention_heads (" + hidden + " / " + heads
                    + "): Jlama 0.8.4 derives the head size from hidden_size for Llama models", null);
        String scaling = c.path("rope_scaling").path("rope_type").asText(c.path("rope_scaling").path("type").asText(""));
        return scaling.isEmpty() || scaling.equals("linear") ? null
                : "Jlama 0.8.4 ignores rope_scaling '" + scaling + "' (it applies only linear scaling): its logits differ from NcSparse's, its speed does not";
    }

    /** What Jlama runs differently from the folder's config, or null. */
    public String caveat() { return caveat; }

    private static void setThreads(int threads) throws Unavailable {
        if (threads > Runtime.getRuntime().availableProcessors())
            throw new Unavailable("Jlama allows at most the " + Runtime.getRuntime().availableProcessors() + " processors of this machine, asked " + threads, null);
        try {
            PhysicalCoreExecutor.overrideThreadCount(threads);
        } catch (IllegalStateException started) {
            int have = PhysicalCoreExecutor.instance.get().getCoreCount();
            if (have != threads)
                throw new Unavailable("Jlama's thread pool already runs " + have + " threads in this JVM (it is sized once per process); asked " + threads, started);
        }
    }

    public double loadMillis() { return loadMillis; }

    /**
     * The type Jlama rounds activations to before each weight matmul: BF16 for BF16 weights (its rule in
     * 0.8.4), otherwise the F32 this peer asks for.
     */
    public String matmulInputType() {
        return model.getWeights().getModelDType() == DType.BF16 ? "BF16" : "F32";
    }

    public int vocab() { return vocab; }

    /** Tokens in the cache. */
    public int length() { return length; }

    /**
     * Starts a new sequence with {@code ids} (Jlama's batched prompt pass) and returns the greedy next token.
     * Jlama's rotary table covers max_position_embeddings positions and it indexes it at position + 2 x (KV head),
     * so the sequence must stay below max_position_embeddings - 2 x kvHeads.
     */
    public int prefill(int[] ids) {
        if (ids.length == 0) throw new IllegalArgumentException("ids must not be empty");
        checkRoom(ids.length);
        for (int id : ids) if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " outside [0, " + vocab + ")");
        if (cache != null) cache.close();
        cache = new KvBufferCache(model);
        kv = cache.getKvBuffer(UUID.randomUUID());
        try (AbstractTensor out = model.batchForward(ids, 0, kv)) {
            length = ids.length;
            return model.sample(out.slice(out.shape().first() - 1), 0f, 0f, logits);
        }
    }

    /** Appends {@code id} at the next position and returns the greedy next token. */
    public int step(int id) {
        if (kv == null) throw new IllegalStateException("prefill first");
        if (id < 0 || id >= vocab) throw new IllegalArgumentException("token id " + id + " outside [0, " + vocab + ")");
        checkRoom(length + 1);
        try (AbstractTensor out = model.forward(id, length, kv, Optional.empty())) {
            length++;
            return model.sample(out, 0f, 0f, logits);
        }
    }

    /** The logits behind the last returned token (a copy). */
    public float[] lastLogits() {
        float[] r = new float[vocab];
        for (int i = 0; i < vocab; i++) r[i] = logits.get(0, i);
        return r;
    }

    /** Null when a sequence of {@code tokens} fits Jlama's rotary table, else why not. */
    public String roomFor(int tokens) {
        return tokens + 2 * kvHeads <= contextLength ? null : "a sequence of " + tokens + " tokens needs max_position_embeddings >= tokens + 2 x "
                + "num_key_value_heads = " + (tokens + 2 * kvHeads) + " in Jlama (its rotary table is indexed that far), the folder says " + contextLength;
    }

    private void checkRoom(int tokens) {
        String why = roomFor(tokens);
        if (why != null) throw new IllegalArgumentException(why);
    }

    @Override
    public void close() {
        if (cache != null) cache.close();
        logits.close();
        model.close();
    }
}
