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

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ncsparse embed}: the sentence embedding of a text, exact or with sparse attention. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Print the sentence embedding (one JSON document on stdout) of TEXT or --file F; with --attention, also its cosine",
                "to the exact embedding. The model reads at most its position limit (512 tokens); a longer text is cut there, and a note",
                "on stderr says so. Timing: without --repeat, the first pass in a fresh JVM (JIT warm-up included); --repeat R times R",
                "passes after 3 warm-up passes."},
        footer = {"", "Examples:", "  ncsparse embed --attention power:2,0.5 \"Sparse attention on the JVM.\"",
                "  ncsparse embed --file notes.txt --attention fixed:32 --repeat 5"})
public final class EmbedCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOptions modelOptions;

    static final class Input {
        @Parameters(paramLabel = "TEXT", description = "Text to embed.") String text;
        @Option(names = "--file", paramLabel = "F", description = "Read the text from this UTF-8 file (the first " + FILE_LIMIT_KB + " KiB; the model reads 512 tokens).") Path file;
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

    @Option(names = "--repeat", paramLabel = "R",
            description = "Time the exact forward pass R times after 3 warm-up runs (reports best and mean milliseconds).")
    Integer repeat;

    static final int FILE_LIMIT_KB = 256;

    @Override
    public Integer call() throws Exception {
        if (repeat != null && (repeat < 1 || repeat > 10_000)) throw new IllegalArgumentException("--repeat must be in [1, 10000], got " + repeat);
        if (!(Double.isFinite(tau) && tau > 0 && tau < 1)) throw new IllegalArgumentException("--tau must be in (0, 1), got " + tau);
        if (!(Double.isFinite(lambda) && lambda > 0)) throw new IllegalArgumentException("--lambda must be a finite number > 0, got " + lambda);
        BudgetPolicy policy = attention.equalsIgnoreCase("exact") ? null : BudgetPolicy.parse(attention);
        if (fits != null && policy != null) throw new IllegalArgumentException("give either --attention or --fits, not both");
        String text = input.text;
        if (text == null) {
            TextInput.Text t = TextInput.read("--file", input.file, FILE_LIMIT_KB * 1024L);
            if (t.truncated()) note("--file " + input.file + " has " + t.fileBytes() + " bytes; read the first " + FILE_LIMIT_KB + " KiB");
            text = t.text();
        }
        if (text.isBlank()) throw new IllegalArgumentException("the text is empty; give TEXT or a non-empty --file");
        try (BertModel model = modelOptions.load()) {
            int[] ids = model.tokenizer().encode(text);
            int limit = model.config().positions();
            if (ids.length >= limit) note("the text reached the model's limit of " + limit + " tokens; the rest was not read");
            int passes = repeat == null ? 1 : repeat;
            if (repeat != null) for (int i = 0; i < 3; i++) model.embedIds(ids, AttentionPlan.EXACT);
            float[] exact = null;
            double ms = Double.MAX_VALUE, total = 0;
            for (int i = 0; i < passes; i++) {
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
            if (repeat == null) {
                out.put("firstPassMillis", Math.round(ms * 10) / 10.0)
                        .put("timing", "first exact pass in a fresh JVM, JIT warm-up included; --repeat R gives warmed-up times");
            } else {
                out.put("exactMillis", Math.round(ms * 10) / 10.0).put("exactMillisMean", Math.round(total / passes * 10) / 10.0).put("repeats", passes);
            }
            var arr = out.putArray("embedding");
            for (float v : shown) arr.add(v);
            spec.commandLine().getOut().println(json.writeValueAsString(out));
        }
        return 0;
    }

    private void note(String message) {
        if (Flags.given(spec, Flags.QUIET)) return;
        spec.commandLine().getErr().println("ncsparse embed: note: " + message);
        spec.commandLine().getErr().flush();
    }
}
