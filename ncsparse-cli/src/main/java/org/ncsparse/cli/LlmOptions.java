package org.ncsparse.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Shared options of the decoder evaluations: the checkpoint, threads, KV cache, selector, report folder. */
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

    @Option(names = "--kv", defaultValue = "F32", paramLabel = "F32|F16|BF16", description = "KV-cache element type (default ${DEFAULT-VALUE}).")
    DecodeOptions.KvType kv;

    @Option(names = "--random-weights", description = "State in the report that the model's weights are random (tests, speed runs).")
    boolean randomWeights;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: a fresh folder under reports/).")
    Path out;

    @Option(names = "--force", description = "Write into a non-empty folder, replacing files of the same name.")
    boolean force;

    /** The report folder, checked before any work. */
    Path outputDir(CommandSpec spec, String command) {
        Path dir = out != null ? out : Path.of("reports", command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try { OutputFolder.check(dir, force); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        return dir;
    }

    CausalLm open() throws java.io.IOException { return openModel(model); }

    /** The checkpoint at {@code path} (folder or .gguf), family chosen from the file. */
    static CausalLm openModel(Path path) throws java.io.IOException {
        return org.ncsparse.model.ModelRegistry.openCausalLm(path);
    }

    DecodeOptions options(CommandSpec spec) {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + t);
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

    /** Progress lines on stderr, flushed. */
    static Consumer<String> progress(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return line -> { err.println(line); err.flush(); };
    }

    /** "ncsparse perplexity --model ... " as typed, for the report header. */
    static String commandText(CommandSpec spec) {
        return "ncsparse " + spec.name() + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    /** Writes the report and prints where it is. */
    static void write(CommandSpec spec, OutputFolder files, Path dir, boolean force) {
        files.writeTo(dir, force);
        spec.commandLine().getOut().println("report: " + dir.resolve("index.html"));
    }
}
