package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.llm.Policies;
import org.ncsparse.lab.llm.WeightsNotice;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Shared options of the decoder evaluations: the checkpoint, threads, KV cache, selector, report folder ({@code --out}, {@code --force}). */
public final class LlmOptions {
    @Option(names = "--model", required = true, paramLabel = "PATH",
            description = "Hugging Face folder (config.json, *.safetensors, tokenizer.json) or a .gguf file.")
    Path model;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--selector", defaultValue = "exact", paramLabel = "exact|pages",
            description = "How sparse policies find their keys while decoding: exact top-k, or the page-bound selector (default ${DEFAULT-VALUE}); "
                    + "a policy suffixed @pages or @exact overrides it.")
    String selector;

    @Option(names = "--page-size", defaultValue = "64", paramLabel = "P", description = "Tokens per KV-cache page (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--kv", defaultValue = "F32", paramLabel = "F32|F16|BF16", description = "KV-cache element type: F16/BF16 store keys and values rounded to 16 bits (half the cache memory; attention runs on the rounded values; default ${DEFAULT-VALUE}).")
    DecodeOptions.KvType kv;

    @Option(names = "--random-weights", description = "State in the report that the model's weights are random (tests, speed runs).")
    boolean randomWeights;

    @Mixin OutputOptions output;

    CausalLm open() throws java.io.IOException { return openModel(model); }

    /** The checkpoint at {@code path} (folder or .gguf), family chosen from the file. */
    static CausalLm openModel(Path path) throws java.io.IOException {
        return org.ncsparse.model.ModelRegistry.openCausalLm(path);
    }

    DecodeOptions options(CommandSpec spec) {
        int t = CliSupport.threads(spec, threads);
        if (pageSize < 1) throw new ParameterException(spec.commandLine(), "--page-size must be >= 1, got " + pageSize);
        return new DecodeOptions(AttentionMode.EXACT, t, 1, pageSize, kv, null);
    }

    /** The policies of {@code --attention}, exact first when {@code withExact} and not already listed. */
    List<AttentionMode> policies(CommandSpec spec, List<String> texts, boolean withExact) {
        AttentionMode.Selector sel = switch (selector.toLowerCase(Locale.ROOT)) {
            case "exact" -> AttentionMode.Selector.EXACT;
            case "pages" -> AttentionMode.Selector.PAGES;
            default -> throw new ParameterException(spec.commandLine(), "--selector must be exact or pages, got '" + selector + "'");
        };
        List<AttentionMode> modes;
        try { modes = new java.util.ArrayList<>(Policies.parseAll(texts, sel)); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        if (withExact && modes.stream().noneMatch(AttentionMode::exact)) modes.add(0, AttentionMode.EXACT);
        return modes;
    }

    WeightsNotice notice(CausalLm lm) { return WeightsNotice.detect(lm.info(), randomWeights); }

    /** "ncsparse perplexity --model NAME ..." as typed, paths shortened to their last element (reports carry no machine paths). */
    static String commandText(CommandSpec spec) {
        StringBuilder sb = new StringBuilder("ncsparse ").append(spec.name());
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            Path name = a.contains("/") ? Path.of(a).getFileName() : null;
            sb.append(' ').append(name == null ? a : name.toString());
        }
        return sb.toString();
    }

    /**
     * The whole of an evaluation command: checks the output folder before any work, opens the model,
     * runs {@code job} with progress lines on stderr, then writes its report all at once.
     */
    void report(CommandSpec spec, String stem, Job job) throws Exception {
        Path dir = output.check(spec, stem);
        OutputFolder files;
        try (CausalLm model = open(); Progress progress = Progress.start(spec, 0)) {
            files = job.run(model, progress.lines());
        }
        files.writeTo(dir, output.force);
        spec.commandLine().getOut().println("report: " + dir.resolve("index.html"));
    }

    /** One evaluation: the model and a progress sink in, the report's files out. */
    interface Job { OutputFolder run(CausalLm model, Consumer<String> progress) throws Exception; }
}
