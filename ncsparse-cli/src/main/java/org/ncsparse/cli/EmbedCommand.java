package org.ncsparse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.block.AttentionPlan;
import org.ncsparse.model.bert.BertModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ncsparse embed}: the sentence embedding of a text, exact or with sparse attention. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Print the sentence embedding (JSON) of TEXT or --file F; with --attention, also its cosine to the exact embedding.")
public final class EmbedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOptions modelOptions;

    static final class Input {
        @Parameters(paramLabel = "TEXT", description = "Text to embed.") String text;
        @Option(names = "--file", paramLabel = "F", description = "Read the text from this file.") Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    @Option(names = "--attention", paramLabel = "POLICY", defaultValue = "exact",
            description = "exact (default) or a budget policy, e.g. power:1,0.5  fixed:32  mass:0.01  sinkWindow:4,32  union(...)")
    String attention;

    @Option(names = "--fits", paramLabel = "FITS.csv",
            description = "Per-head budgets instead of --attention: fits.csv of `ncsparse profile`; head (l,h) keeps ceil(lambda*alpha*n^C).")
    java.nio.file.Path fits;

    @Option(names = "--tau", defaultValue = "0.1", description = "With --fits: which fit (target dropped mass) to use (default 0.1).") double tau;

    @Option(names = "--lambda", defaultValue = "1", description = "With --fits: scale of every alpha (default 1).") double lambda;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "1",
            description = "Time the exact forward pass R times after 3 warm-up runs (reports best and mean milliseconds).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        String text = input.text != null ? input.text : Files.readString(input.file);
        BudgetPolicy policy = attention.equalsIgnoreCase("exact") ? null : BudgetPolicy.parse(attention);
        if (fits != null && policy != null) throw new IllegalArgumentException("give either --attention or --fits, not both");
        try (BertModel model = modelOptions.load()) {
            int[] ids = model.tokenizer().encode(text);
            if (repeat < 1) throw new IllegalArgumentException("--repeat must be >= 1, got " + repeat);
            if (repeat > 1) for (int i = 0; i < 3; i++) model.embedIds(ids, AttentionPlan.EXACT);
            float[] exact = null;
            double ms = Double.MAX_VALUE, total = 0;
            for (int i = 0; i < repeat; i++) {
                long t0 = System.nanoTime();
                exact = model.embedIds(ids, AttentionPlan.EXACT);
                double t = (System.nanoTime() - t0) / 1e6;
                ms = Math.min(ms, t);
                total += t;
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode out = json.createObjectNode();
            out.put("model", model.name()).put("tokens", ids.length).put("attention", fits != null ? "per-head fits" : attention);
            float[] shown = exact;
            AttentionPlan plan = policy != null ? AttentionPlan.uniform(policy)
                    : fits != null ? org.ncsparse.lab.profile.FitsFile.plan(org.ncsparse.lab.profile.FitsFile.read(fits, tau,
                            model.config().layers(), model.config().heads()), lambda) : null;
            if (plan != null) {
                java.util.concurrent.atomic.LongAdder rows = new java.util.concurrent.atomic.LongAdder(), kept = new java.util.concurrent.atomic.LongAdder();
                shown = model.embedIds(ids, plan.observedBy(l -> (h, r, vis, k, c, mass) -> { rows.increment(); kept.add(c); }));
                out.put("cosineToExact", BertModel.cosine(shown, exact));
                out.put("meanKeptKeys", rows.sum() == 0 ? ids.length : (double) kept.sum() / rows.sum());
                if (fits != null) out.put("fits", fits.toString()).put("tau", tau).put("lambda", lambda);
            }
            out.put("exactMillis", Math.round(ms * 10) / 10.0);
            if (repeat > 1) out.put("exactMillisMean", Math.round(total / repeat * 10) / 10.0).put("repeats", repeat);
            var arr = out.putArray("embedding");
            for (float v : shown) arr.add(v);
            spec.commandLine().getOut().println(json.writeValueAsString(out));
        }
        return 0;
    }
}
