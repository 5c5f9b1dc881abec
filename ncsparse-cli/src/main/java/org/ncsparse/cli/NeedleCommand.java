package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.lab.llm.NeedleEval;
import org.ncsparse.lab.llm.NeedleReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse needle}: passkey retrieval accuracy per policy, context length and depth, as heat maps. */
@Command(name = "needle", mixinStandardHelpOptions = true,
        description = {"Passkey retrieval: a random number hidden at each --depths in filler text of each --context length, the question",
                "at the end, the greedy answer compared; exact attention and every --attention policy answer the same prompts.",
                "Writes one heat map per policy (context x depth), needle.csv, answers.csv, report.json and index.html; progress on stderr."},
        footer = {"", "Example: ncsparse needle --model ~/models/Llama-3.2-1B --context 512,1024 --depths 0,0.5,1 --attention power:1,0.5 --attention sinkwindow:4,64"})
public final class NeedleCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LlmOptions llm;

    @Option(names = "--context", required = true, split = ",", paramLabel = "N[,N...]", description = "Prompt lengths in tokens.") int[] contexts;
    @Option(names = "--depths", split = ",", defaultValue = "0,0.25,0.5,0.75,1", paramLabel = "D[,D...]",
            description = "Relative positions of the needle in the filler, 0 = start, 1 = end (default ${DEFAULT-VALUE}).") double[] depths;
    @Option(names = "--attention", paramLabel = "POLICY", description = "A policy to compare with exact (repeatable); @pages for the page selector.") List<String> attention;
    @Option(names = "--trials", defaultValue = "1", paramLabel = "T", description = "Prompts (fresh keys) per cell (default ${DEFAULT-VALUE}).") int trials;
    @Option(names = "--digits", defaultValue = "5", paramLabel = "D", description = "Digits of the pass key (default ${DEFAULT-VALUE}).") int digits;
    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the pass keys (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--filler", paramLabel = "FILE", defaultValue = "/usr/share/common-licenses/GPL-3",
            description = "Filler text, repeated as needed (default ${DEFAULT-VALUE}).") Path filler;

    @Override public Integer call() throws Exception {
        NeedleEval.Config c;
        try { c = new NeedleEval.Config(contexts, depths, trials, digits, seed); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        var policies = llm.policies(spec, attention, true);
        var base = llm.options(spec);
        String text = TextInput.readNoting(spec, "--filler", filler, TextInput.LLM_TEXT_LIMIT);
        llm.report(spec, "needle", (model, progress) -> NeedleReport.build(
                NeedleEval.run(model, base, model.tokenizer().encode(text), c, policies, llm.notice(model), progress), LlmOptions.commandText(spec)));
        return 0;
    }
}
