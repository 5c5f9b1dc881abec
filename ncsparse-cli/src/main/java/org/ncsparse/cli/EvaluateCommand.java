package org.ncsparse.cli;

import org.ncsparse.lab.model.BudgetCalibration;
import org.ncsparse.lab.model.Chunker;
import org.ncsparse.lab.model.EvalPolicy;
import org.ncsparse.lab.model.EvalRow;
import org.ncsparse.lab.model.EvaluationWriter;
import org.ncsparse.lab.model.SparseEvaluation;
import org.ncsparse.lab.profile.ModelProfiler;
import org.ncsparse.lab.profile.PowerFit;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.model.bert.BertModel;
import org.ncsparse.lab.StagedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ncsparse evaluate}: end quality of sparse attention (embedding cosine, retrieval) at equal average budget. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Chunk real text, embed every chunk exactly and under each policy (fixed k, power C=0.5, per-head fitted alpha*n^C,",
                "sinkWindow, mass(tau)) at equal average budget, and report embedding cosine and retrieval recall@1/@10 vs exact.",
                "Writes evaluate.csv, evaluate.json, plots and index.html to --out (default reports/evaluate-<model>-<time>)."},
        footer = {"", "Examples:", "  ncsparse evaluate --model minilm --budgets 16,32 --max-chunks 40", "  ncsparse evaluate --corpus docs/ --json rows.json"})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ModelOptions modelOptions;

    @Option(names = "--corpus", arity = "1..*", paramLabel = "DIR|FILE", description = "Text files or folders (default /usr/share/common-licenses); the first 1 MiB of each file is read, with a note when a file is longer.")
    List<Path> corpus;

    @Option(names = "--budgets", split = ",", paramLabel = "K", defaultValue = "16,32,64", description = "Target average kept keys per row (default 16,32,64).")
    double[] targets;

    @Option(names = "--mass", split = ",", paramLabel = "TAU", defaultValue = "0.1,0.03,0.01", description = "mass(tau) policies to add (data-dependent budget).")
    double[] massTaus;

    @Option(names = "--max-chunks", paramLabel = "C", defaultValue = "120", description = "Use at most C chunks, evenly spread (default 120).")
    int maxChunks;

    @Option(names = "--min-tokens", defaultValue = "48", description = "Minimum tokens per chunk (paragraphs are merged up to it).") int minTokens;

    @Mixin OutputOptions output;
    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        for (double k : targets)
            if (!(k >= 1 && k <= MAX_BUDGET)) throw new IllegalArgumentException("--budgets: each K must be a number in [1, " + MAX_BUDGET + "] (kept keys per row), got " + k);
        for (double t : massTaus) if (!(t > 0 && t < 1)) throw new IllegalArgumentException("--mass: each TAU must be in (0, 1), got " + t);
        if (maxChunks < 2) throw new IllegalArgumentException("--max-chunks must be >= 2, got " + maxChunks);
        if (minTokens < 1 || minTokens > MAX_BUDGET) throw new IllegalArgumentException("--min-tokens must be in [1, " + MAX_BUDGET + "], got " + minTokens);
        int threads = CliSupport.threads(spec, modelOptions.threads);
        List<Path> files = new ArrayList<>();
        for (Path p : corpus == null ? List.of(Path.of("/usr/share/common-licenses")) : corpus) {
            if (Files.isDirectory(p)) try (Stream<Path> s = Files.list(p)) { s.filter(Files::isRegularFile).sorted().forEach(files::add); }
            else files.add(p);
        }
        PrintWriter w = spec.commandLine().getOut();
        try (StagedFolder staged = output.open(spec, "evaluate-" + modelOptions.model);
             BertModel model = modelOptions.load();
             Progress progress = Progress.start(spec, 0)) {
            List<Chunker.Chunk> all = new ArrayList<>();
            for (Path f : files) {
                String text = TextInput.readNoting(spec, "--corpus", f, ProfileCommand.TEXT_LIMIT);
                all.addAll(Chunker.chunk(f.getFileName().toString(), text, model.tokenizer(), minTokens, model.config().positions()));
            }
            List<Chunker.Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < Math.min(maxChunks, all.size()); i++) chunks.add(all.get((int) ((long) i * all.size() / Math.min(maxChunks, all.size()))));
            if (chunks.size() < 2) throw new IllegalArgumentException("--corpus gives " + chunks.size() + " chunks; need at least 2");
            long t0 = System.nanoTime();
            List<String> profTexts = new ArrayList<>();
            for (String t : ProfileCommand.DEFAULT_TEXTS) profTexts.add(Files.readString(Path.of("/usr/share/common-licenses", t)));
            ProfileSettings settings = ProfileSettings.defaults(threads);
            long profileSteps = (long) settings.lengths().length * profTexts.size();
            progress.total(profileSteps + 1 + targets.length * 5L + massTaus.length);
            progress.note("fitting per-head budgets (profile of " + model.name() + ")");
            ProfileResult prof = ModelProfiler.profile(model, profTexts, settings, () -> progress.step("profile pass"));
            PowerFit[][] fits = new PowerFit[prof.layers()][prof.heads()];
            for (int l = 0; l < prof.layers(); l++) for (int h = 0; h < prof.heads(); h++) fits[l][h] = prof.fits()[l][h][0];
            SparseEvaluation ev = new SparseEvaluation(model, chunks, threads);
            BudgetCalibration cal = new BudgetCalibration(ev.chunkLengths());
            List<EvalPolicy> policies = SparseEvaluation.policies(cal, targets, massTaus, fits);
            progress.total(profileSteps + 1 + policies.size());
            List<EvalRow> rows = new ArrayList<>();
            rows.add(ev.exactRow());
            progress.step("exact embeddings of " + chunks.size() + " chunks");
            for (EvalPolicy p : policies) {
                EvalRow r = ev.evaluate(p);
                rows.add(r);
                progress.step(String.format(java.util.Locale.ROOT, "%s %s: avg k %.1f, cos %.5f, R@10 %.3f", r.family(), r.policy(), r.avgBudget(), r.cosMean(), r.recallAt10()));
            }
            EvaluationWriter.write(model.name(), chunks.size(), rows, staged.dir());
            staged.commit();
            json.write(spec, rows);
            if (json.tableOnStdout()) {
                w.print(EvaluationWriter.table(rows));
                w.printf(java.util.Locale.ROOT, "%d chunks (mean %.0f tokens) in %.1f s; wrote %s%n", chunks.size(),
                        java.util.Arrays.stream(ev.chunkLengths()).average().orElse(0), (System.nanoTime() - t0) / 1e9, staged.target().resolve("index.html"));
            }
            w.flush();
        }
        return 0;
    }

    /** The encoders' position limit: no chunk is longer, so no budget can exceed it. */
    static final int MAX_BUDGET = 512;
}
