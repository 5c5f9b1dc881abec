package org.ncsparse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.lab.blocksparse.BlockSparseExperiment;
import org.ncsparse.workload.PrefillWorkload;
import org.ncsparse.select.BlockSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ncsparse blocksparse}: dense vs block-sparse prefill, time and mass recall, per workload. */
@Command(name = "blocksparse", mixinStandardHelpOptions = true,
        description = {"Prefill (m = n queries, one head) with exact dense attention vs block-sparse attention:",
                "each query block keeps sink + local key blocks and the blocks with the largest sampled logits.",
                "Prints median times, the speed-up, the kept fraction of keys, and on sampled rows the mass recall",
                "sum_S p / sum_T p against the exact top-|S| keys and the dropped mass 1 - sum_S p."},
        footer = {"", "Example: ncsparse blocksparse --n 32768 --d 128 --causal --threads 2"})
public final class BlockSparseCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", defaultValue = "8192", converter = IntGrid.Converter.class, paramLabel = "GRID",
            description = "Sequence lengths (list or range). Default ${DEFAULT-VALUE}.") IntGrid nGrid;
    @Option(names = "--d", defaultValue = "128", description = "Head dimension. Default ${DEFAULT-VALUE}.") int d;
    @Option(names = "--causal", description = "Causal prefill.") boolean causal;
    @Option(names = "--block", defaultValue = "64", description = "Block size. Default ${DEFAULT-VALUE}.") int block;
    @Option(names = "--blocks", defaultValue = "power:1,0.5", description = "Count budget over visible key blocks. Default ${DEFAULT-VALUE}.") String blockBudget;
    @Option(names = "--samples", defaultValue = "2", description = "Sampled query rows per block for block scores. Default ${DEFAULT-VALUE}.") int samples;
    @Option(names = "--mass", defaultValue = "0", description = "Also keep, per sampled row, the fewest key blocks holding this share of its softmax mass (0 = off). Default ${DEFAULT-VALUE}.") double mass;
    @Option(names = "--max-samples", defaultValue = "0", description = "With --mass: up to this many sampled rows per block while the rows' covers disagree (0 = --samples). Default ${DEFAULT-VALUE}.") int maxSamples;
    @Option(names = "--sinks", defaultValue = "1", description = "First key blocks always kept. Default ${DEFAULT-VALUE}.") int sinks;
    @Option(names = "--local", defaultValue = "2", description = "Key blocks ending at the diagonal always kept (>= 1). Default ${DEFAULT-VALUE}.") int local;
    @Option(names = "--workload", defaultValue = "all", description = "gaussian, peaked, drift or all. Default ${DEFAULT-VALUE}.") String workload;
    @Option(names = "--threads", defaultValue = "1", description = "Worker threads (both methods). Default ${DEFAULT-VALUE}.") int threads;
    @Option(names = "--reps", defaultValue = "3", description = "Timed repetitions (median reported). Default ${DEFAULT-VALUE}.") int reps;
    @Option(names = "--recall-rows", defaultValue = "64", description = "Query rows checked for recall. Default ${DEFAULT-VALUE}.") int recallRows;
    @Option(names = "--seed", defaultValue = "42", description = "Workload seed. Default ${DEFAULT-VALUE}.") long seed;
    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        BlockSelection selection = selection();
        if (threads < 1 || reps < 1 || recallRows < 1 || d < 1)
            throw new ParameterException(spec.commandLine(), "--threads, --reps, --recall-rows and --d must be >= 1");
        String[] workloads = CliSupport.workloads(spec, workload, PrefillWorkload.NAMES);
        long nMax = nGrid.max();
        MemoryCheck.arrayLength(MemoryCheck.times(nMax, d), "--n " + nMax + " with --d " + d + " (Q, K, V of n x d floats)");
        // Q, K, V and the two outputs (n x d floats each), logits and weights of the recall rows
        MemoryCheck.require(MemoryCheck.times(nMax, 4L * d) * 5 + 16 * nMax * threads, "blocksparse at n = " + nMax + ", d = " + d);
        PrintWriter out = spec.commandLine().getOut();
        List<BlockSparseExperiment.Result> results = new ArrayList<>();
        boolean table = json.tableOnStdout();
        if (table) out.printf(Locale.ROOT, "%-9s %7s %5s %7s %3s %10s %10s %8s %7s %9s %9s %9s%n", "workload", "n", "d", "causal", "thr",
                "dense_ms", "sparse_ms", "speedup", "kept", "mass_rec", "min_rec", "dropped");
        try (Progress progress = Progress.start(spec, (long) nGrid.values().length * workloads.length)) {
            for (int n : nGrid.values()) for (String w : workloads) {
                progress.note("generating " + w + " n=" + n + " d=" + d);
                BlockSparseExperiment.Result r = BlockSparseExperiment.run(w, PrefillWorkload.generate(w, n, d, causal, threads, seed), selection,
                        reps, Math.min(recallRows, n), progress::note);
                results.add(r);
                progress.step(w + " n=" + n);
                if (table) {
                    out.printf(Locale.ROOT, "%-9s %7d %5d %7s %3d %10.1f %10.1f %7.1fx %7.4f %9.4f %9.4f %9.4f%n", r.workload(), r.n(), r.d(), r.causal(),
                            r.threads(), r.denseMs(), r.sparseMs(), r.speedup(), r.keptFraction(), r.meanMassRecall(), r.minMassRecall(), r.meanDroppedMass());
                    out.flush();
                }
            }
        }
        json.write(spec, results);
        out.flush();
        return 0;
    }

    private BlockSelection selection() {
        CountBudget budget = CliSupport.countBudget(spec, "--blocks", blockBudget);
        try {
            return new BlockSelection(block, budget, samples, sinks, local, mass, Math.max(samples, maxSamples));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
