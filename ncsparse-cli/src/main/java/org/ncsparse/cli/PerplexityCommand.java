package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.lab.llm.PerplexityEval;
import org.ncsparse.lab.llm.PerplexityReport;
import org.ncsparse.lab.llm.PerplexityResult;
import org.ncsparse.lab.llm.Windows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse perplexity}: perplexity, per-token KL(exact||sparse) and top-1 agreement of each policy on the same windows. */
@Command(name = "perplexity", mixinStandardHelpOptions = true,
        description = {"Cuts the text's tokens into windows of --context tokens and scores every next token under exact attention and",
                "under each --attention policy: perplexity, per-token KL(exact||policy) (mean, p95, max) and top-1 agreement.",
                "Writes index.html, perplexity.csv, windows.csv, kl_by_position.csv/.png and report.json; progress on stderr."},
        footer = {"", "Example: ncsparse perplexity --model ~/models/Llama-3.2-1B --context 512 --windows 2 --attention power:1,0.5 --attention sinkwindow:4,64"})
public final class PerplexityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LlmOptions llm;

    @Option(names = "--text", paramLabel = "FILE", defaultValue = "/usr/share/common-licenses/GPL-3", description = "Text to score (default ${DEFAULT-VALUE}).")
    Path text;
    @Option(names = "--context", required = true, paramLabel = "N", description = "Tokens per window.") int context;
    @Option(names = "--attention", paramLabel = "POLICY", description = "A policy to compare with exact (repeatable): exact, power:1,0.5, sinkwindow:4,256+power:1,0.5, ...; @pages for the page selector.")
    List<String> attention;
    @Option(names = "--windows", paramLabel = "W", defaultValue = "4", description = "Windows to score, 0 = all the text gives (default ${DEFAULT-VALUE}).") int windows;
    @Option(names = "--decode-from", paramLabel = "T", description = "Feed window positions from T on one decode step at a time (where the page selector runs); default: prefill only.")
    Integer decodeFrom;

    @Override public Integer call() throws Exception {
        if (context < 2) throw new ParameterException(spec.commandLine(), "--context must be >= 2, got " + context);
        if (decodeFrom != null && decodeFrom < 1) throw new ParameterException(spec.commandLine(), "--decode-from must be >= 1, got " + decodeFrom);
        if (windows < 0) throw new ParameterException(spec.commandLine(), "--windows must be >= 0, got " + windows);
        var policies = llm.policies(spec, attention, false);
        var base = llm.options(spec);
        String body = TextInput.readNoting(spec, "--text", text, TextInput.LLM_TEXT_LIMIT);
        llm.report(spec, "perplexity", (model, progress) -> {
            var ws = Windows.cut(model.tokenizer().encode(body), context, model.tokenizer().bos(), windows);
            PerplexityResult r = PerplexityEval.run(model, base, ws, policies, llm.notice(model), progress,
                    decodeFrom == null ? Integer.MAX_VALUE : decodeFrom);
            if (r.notice().random()) progress.accept("note: " + r.notice().sentence());
            return PerplexityReport.build(r, LlmOptions.commandText(spec));
        });
        return 0;
    }
}
