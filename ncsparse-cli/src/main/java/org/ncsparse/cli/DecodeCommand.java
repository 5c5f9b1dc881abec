package org.ncsparse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.decode.PageSelection;
import org.ncsparse.lab.decode.DecodeExperiment;
import org.ncsparse.workload.KvWorkload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ncsparse decode}: dense vs exact top-k vs page-selected decoding, time and recall, per workload. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"One decoding step (one query against a KV cache of n tokens, one head, d = dv), timed four ways:",
                "dense over the paged cache, dense with the attention kernel, exact top-k (reads K once, k rows of V),",
                "and page-bound selection (block summaries, then only the promising blocks). Prints median times (one",
                "thread), the speed-up over the faster dense baseline, and the",
                "selector's index / mass recall against the exact top-k of the same size, for every workload."},
        footer = {"", "Example: ncsparse decode --n 131072 --d 128 --budget power:1,0.5 --page 16,32"})
public final class DecodeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", defaultValue = "131072", converter = IntGrid.Converter.class, paramLabel = "GRID",
            description = "Cache lengths (list or range). Default ${DEFAULT-VALUE}.") IntGrid nGrid;
    @Option(names = "--d", defaultValue = "128", description = "Head dimension. Default ${DEFAULT-VALUE}.") int d;
    @Option(names = "--budget", defaultValue = "power:1,0.5", description = "Count budget: fixed:K, power:A,C or log:A. Default ${DEFAULT-VALUE}.") String budget;
    @Option(names = "--page", defaultValue = "16", converter = IntGrid.Converter.class, description = "Page sizes. Default ${DEFAULT-VALUE}.") IntGrid pages;
    @Option(names = "--oversample", defaultValue = "4", description = "Keys scored per kept key at most (>= 1). Default ${DEFAULT-VALUE}.") double oversample;
    @Option(names = "--workload", defaultValue = "all", description = "gaussian, peaked, drift-needles or all. Default ${DEFAULT-VALUE}.") String workload;
    @Option(names = "--reps", defaultValue = "15", description = "Timed repetitions per method (median reported). Default ${DEFAULT-VALUE}.") int reps;
    @Option(names = "--warmup", defaultValue = "1", paramLabel = "SECONDS",
            description = "Untimed interleaved calls of every method before the timed ones, per workload (>= 0). Default ${DEFAULT-VALUE} s.") double warmup;
    @Option(names = "--seed", defaultValue = "42", description = "Workload seed. Default ${DEFAULT-VALUE}.") long seed;
    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        CountBudget policy = CliSupport.countBudget(spec, "--budget", budget);
        PageSelection selection;
        try { PageSelection def = PageSelection.defaults(); selection = new PageSelection(oversample, def.minBlocks(), def.sinkTokens(), def.recentTokens()); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), "--oversample: " + e.getMessage()); }
        if (d < 1) throw new ParameterException(spec.commandLine(), "--d must be >= 1, got " + d);
        if (reps < 1) throw new ParameterException(spec.commandLine(), "--reps must be >= 1, got " + reps);
        if (!(warmup >= 0) || warmup > 3600) throw new ParameterException(spec.commandLine(), "--warmup must be between 0 and 3600 seconds, got " + warmup);
        String[] workloads = CliSupport.workloads(spec, workload, KvWorkload.NAMES);
        long nMax = nGrid.max();
        MemoryCheck.arrayLength(MemoryCheck.times(nMax, d), "--n " + nMax + " with --d " + d + " (keys of n x d floats)");
        // keys and values (n x d floats each), their copy in the paged cache, block summaries, logits and weights (2 doubles per key)
        MemoryCheck.require(MemoryCheck.times(nMax, 4L * d) * 5 + 16 * nMax, "decode at n = " + nMax + ", d = " + d);
        PrintWriter out = spec.commandLine().getOut();
        List<DecodeExperiment.Result> results = new ArrayList<>();
        boolean table = json.tableOnStdout();
        if (table) out.printf(Locale.ROOT, "%-14s %8s %5s %5s %6s %10s %10s %10s %10s %8s %9s %9s %8s%n", "workload", "n", "d", "page", "k",
                "dense_ms", "kernel_ms", "topk_ms", "paged_ms", "speedup", "idx_rec", "mass_rec", "scored");
        try (Progress progress = Progress.start(spec, (long) nGrid.values().length * workloads.length * pages.values().length)) {
            for (int n : nGrid.values()) for (String w : workloads) for (int ps : pages.values()) {
                progress.note("generating " + w + " n=" + n + " d=" + d);
                DecodeExperiment.Result r = DecodeExperiment.run(KvWorkload.generate(w, n, d, seed), policy, ps, selection, reps, warmup, progress::note);
                results.add(r);
                progress.step(w + " n=" + n + " page=" + ps);
                if (table) {
                    out.printf(Locale.ROOT, "%-14s %8d %5d %5d %6d %10.3f %10.3f %10.3f %10.3f %7.1fx %9.3f %9.4f %8.4f%n", r.workload(), r.n(), r.d(), r.pageSize(), r.k(),
                            r.denseMs(), r.denseKernelMs(), r.topKMs(), r.pagedMs(), r.speedupVsDense(), r.indexRecall(), r.massRecall(), r.scoredFraction());
                    out.flush();
                }
            }
        }
        json.write(spec, results);
        out.flush();
        return 0;
    }
}
