package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.lab.llm.DecodeProfile;
import org.ncsparse.lab.llm.DecodeProfileReport;
import org.ncsparse.lab.profile.ProfileSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse profile-decode}: per layer and head, dropped mass of each budget and a fitted (alpha, C) along a real generation. */
@Command(name = "profile-decode", mixinStandardHelpOptions = true,
        description = {"Decodes with exact attention from a prompt of real text while a probe reads every layer's and head's logits;",
                "at each --lengths n it reports the dropped mass of every --budgets policy, k_mass, the logit spread and, per head,",
                "the fitted k_needed = alpha*n^C for each --tau. Writes index.html, heads.html, points.csv, fits.csv, plots and JSON."},
        footer = {"", "Example: ncsparse profile-decode --model ~/models/Llama-3.2-1B --lengths 64,128,256 --rows 8"})
public final class ProfileDecodeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LlmOptions llm;

    @Option(names = "--text", paramLabel = "FILE", defaultValue = "/usr/share/common-licenses/Apache-2.0",
            description = "Prompt text (default ${DEFAULT-VALUE}).") Path text;
    @Option(names = "--prompt-tokens", defaultValue = "32", paramLabel = "P",
            description = "Tokens of the text read before the model continues on its own; 0 = the whole text (default ${DEFAULT-VALUE}).") int promptTokens;
    @Option(names = "--lengths", split = ",", defaultValue = "64,128,256,512,1024", paramLabel = "N[,N...]",
            description = "Context lengths at which rows are profiled, ascending (default ${DEFAULT-VALUE}).") int[] lengths;
    @Option(names = "--rows", defaultValue = "16", paramLabel = "R", description = "Decode steps profiled per length (default ${DEFAULT-VALUE}).") int rows;
    @Option(names = "--budgets", split = " ", paramLabel = "POLICY",
            defaultValue = "power:1,0.5 power:2,0.5 power:1,0.75 fixed:32 log:4 sinkwindow:4,64",
            description = "Budgets whose dropped mass is reported (default ${DEFAULT-VALUE}).") List<String> budgets;
    @Option(names = "--tau", split = ",", defaultValue = "0.1,0.01", paramLabel = "T[,T...]",
            description = "Targets of mean dropped mass for the fitted (alpha, C) (default ${DEFAULT-VALUE}).") double[] taus;

    @Override public Integer call() throws Exception {
        ProfileSettings s;
        try {
            List<BudgetPolicy> bs = new ArrayList<>();
            for (String b : budgets) bs.add(BudgetPolicy.parse(b));
            int threads = llm.options(spec).threads();
            s = new ProfileSettings(lengths, ProfileSettings.defaults(1).epsilons(), taus, bs, rows, true, threads);
        } catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        if (promptTokens < 0) throw new ParameterException(spec.commandLine(), "--prompt-tokens must be >= 0, got " + promptTokens);
        var base = llm.options(spec);
        String body = TextInput.readNoting(spec, "--text", text, TextInput.LLM_TEXT_LIMIT);
        ProfileSettings settings = s;
        llm.report(spec, "profile-decode", (model, progress) -> {
            int[] ids = model.tokenizer().encode(body);
            int bos = model.tokenizer().bos();
            int take = promptTokens == 0 ? ids.length : Math.min(promptTokens, ids.length);
            int[] prompt = new int[take + (bos >= 0 ? 1 : 0)];
            if (bos >= 0) prompt[0] = bos;
            System.arraycopy(ids, 0, prompt, bos >= 0 ? 1 : 0, take);
            DecodeProfile.Result r = DecodeProfile.run(model, base, prompt, settings, llm.notice(model), progress);
            return DecodeProfileReport.build(r, LlmOptions.commandText(spec));
        });
        return 0;
    }

    @Override public String toString() { return "profile-decode " + Arrays.toString(lengths); }
}
