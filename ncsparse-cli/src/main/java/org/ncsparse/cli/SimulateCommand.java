package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.Simulation;
import org.ncsparse.lab.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse simulate <experiment>}: one experiment with a custom grid, workload, scales and budgets. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs one experiment and writes simulate.csv (tidy), simulate.json (parameters, fitted slopes) and simulate.png.",
                "Experiments: seps (S_eps/n vs n), topk (errors per budget vs n), collapse (k_mass, effective support), tau (tau(k) vs k with theory)."},
        footer = {"", "Examples:", "  ncsparse simulate topk --n 256..16384x2 --scale 1 --budget fixed:16 --budget power:1,0.5 --budget log:1",
                "  ncsparse simulate tau --n 4096 --scale 0.625 --d 64", "  ncsparse simulate topk --dist bounded --radius 1.5 --d 8 --n 256..16384x4",
                "  ncsparse simulate collapse --dist needle --needles 4 --needle-boost 6 --sinks 1 --sink-boost 8 --scale 0.125"})
public final class SimulateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "seps | topk | collapse | tau") String experiment;
    @Option(names = "--n", converter = IntGrid.Converter.class, paramLabel = "GRID", defaultValue = "256..4096x2",
            description = "lengths n: list or range, e.g. 256..16384x2 (default: ${DEFAULT-VALUE})") IntGrid grid;
    @Option(names = "--d", defaultValue = "64", description = "head dimension (default: ${DEFAULT-VALUE})") int d;
    @Option(names = "--dv", defaultValue = "64", description = "value dimension (default: ${DEFAULT-VALUE})") int dv;
    @Option(names = "--scale", split = ",", defaultValue = "1", paramLabel = "S",
            description = "logit scale(s) s: logits = s*q.k (default: ${DEFAULT-VALUE}; 1/sqrt(d) is the model convention)") double[] scales;
    @Option(names = "--dist", defaultValue = "gaussian", description = "gaussian | bounded | needle (default: ${DEFAULT-VALUE})") String dist;
    @Option(names = "--radius", defaultValue = "1.5", paramLabel = "B", description = "bounded: row norm B, logits in [-s B^2, s B^2] (default: ${DEFAULT-VALUE})") double radius;
    @Option(names = "--needles", defaultValue = "4", description = "needle: planted keys per row (default: ${DEFAULT-VALUE})") int needles;
    @Option(names = "--needle-boost", defaultValue = "6", description = "needle: logit bonus of a planted key (default: ${DEFAULT-VALUE})") double needleBoost;
    @Option(names = "--sinks", defaultValue = "1", description = "needle: number of sink keys at the start (default: ${DEFAULT-VALUE})") int sinks;
    @Option(names = "--sink-boost", defaultValue = "8", description = "needle: logit bonus of a sink (default: ${DEFAULT-VALUE})") double sinkBoost;
    @Option(names = "--budget", paramLabel = "POLICY", description = "count budget, repeatable: fixed:K, power:ALPHA,C, log:ALPHA (default: fixed:16, power:1,0.5, log:1)") List<String> budgets;
    @Option(names = "--eps", split = ",", paramLabel = "E", defaultValue = "1e-4,1e-5,1e-6,1e-7", description = "eps values for seps (default: ${DEFAULT-VALUE})") double[] eps;
    @Option(names = "--rows", defaultValue = "32", description = "query rows per n and seed (default: ${DEFAULT-VALUE})") int rows;
    @Option(names = "--seeds", defaultValue = "3", description = "number of seeds (default: ${DEFAULT-VALUE})") int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "base seed (default: ${DEFAULT-VALUE})") long seed;
    @Option(names = "--full-matrix-max", defaultValue = "0", paramLabel = "N", description = "topk: also the full n x n paper metric for n <= N (default: off)") int fullMax;
    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: available processors)") Integer threads;
    @Mixin OutputOptions output;

    @Override public Integer call() {
        Simulation.Spec s;
        Path dir;
        try {
            Simulation.Experiment exp = Simulation.Experiment.parse(experiment);
            finite("--needle-boost", needleBoost);
            finite("--sink-boost", sinkBoost);
            if (!(Double.isFinite(radius) && radius > 0)) throw new IllegalArgumentException("--radius must be a finite number > 0, got " + radius);
            for (double sc : scales) if (!(Double.isFinite(sc) && sc > 0)) throw new IllegalArgumentException("--scale values must be finite numbers > 0, got " + sc);
            if (exp != Simulation.Experiment.TAU && grid.distinct() < 2)
                throw new IllegalArgumentException("--n: " + experiment + " fits a slope over n and needs at least 2 different lengths, got " + java.util.Arrays.toString(grid.values()));
            Workload w = new Workload(Workload.Distribution.parse(dist), d, dv, radius, needles, needleBoost, sinks, sinkBoost);
            List<CountBudget> list = new ArrayList<>();
            for (String b : budgets == null ? List.of("fixed:16", "power:1,0.5", "log:1") : budgets) {
                BudgetPolicy p = BudgetPolicy.parse(b);
                if (!(p instanceof CountBudget cb)) throw new IllegalArgumentException("--budget must be a count budget (fixed, power, log), got '" + b + "'");
                list.add(cb);
            }
            int t = CliSupport.threads(spec, threads);
            s = new Simulation.Spec(exp, grid.values(), seed, seeds, rows, w, scales, exp == Simulation.Experiment.SEPS ? eps : new double[0],
                    exp == Simulation.Experiment.TOPK ? list : List.of(), fullMax, t);
            for (double e : eps) if (!(e > 0 && e < 1)) throw new IllegalArgumentException("--eps values must be in (0, 1), got " + e);
            if (rows < 1 || seeds < 1) throw new IllegalArgumentException("--rows and --seeds must be >= 1");
            checkSizes(t, exp == Simulation.Experiment.TOPK ? list.size() : 0);
            s.sweep(); // validates grid, scales, rows, threads
            dir = output.check(spec, "simulate-" + experiment);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        OutputFolder files;
        try (Progress progress = Progress.start(spec, (long) grid.values().length * seeds)) {
            files = Simulation.run(s, progress.lines());
        }
        files.writeTo(dir, output.force);
        spec.commandLine().getOut().println("wrote " + dir.resolve("simulate.csv") + ", simulate.json, simulate.png");
        return 0;
    }

    private static void finite(String option, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(option + " must be a finite number, got " + v);
    }

    /**
     * Array sizes and memory, in long, before any work: each worker holds one (n, seed) draw — keys
     * n x d, values n x dv, the rows x n logits and a few length-n buffers — and the full-matrix
     * metric adds n x n matrices; every (scale, n, seed) cell keeps per-row results.
     */
    private void checkSizes(int threads, int budgetCount) {
        long n = grid.max();
        MemoryCheck.arrayLength(MemoryCheck.times(n, d), "--n " + n + " with --d " + d);
        MemoryCheck.arrayLength(MemoryCheck.times(n, dv), "--n " + n + " with --dv " + dv);
        MemoryCheck.arrayLength(MemoryCheck.times(rows, d), "--rows " + rows + " with --d " + d);
        MemoryCheck.arrayLength(seeds, "--seeds " + seeds);
        long draw = MemoryCheck.times(8, MemoryCheck.times(n, (long) d + dv + rows + 16) + (long) rows * d);
        long full = fullMax >= n ? MemoryCheck.times(8, MemoryCheck.times(n, 4 * n + 2L * d + dv)) : 0;
        long workers = Math.min(threads, (long) grid.values().length * seeds);
        long cells = MemoryCheck.times((long) scales.length * grid.values().length * seeds, MemoryCheck.times(rows, 8L * (budgetCount + eps.length + 8)) + 256);
        long total = MemoryCheck.times(workers, draw + full);
        MemoryCheck.require(total + cells < 0 ? Long.MAX_VALUE : total + cells, "simulate " + experiment + " at n = " + n + " (" + rows + " rows x " + seeds + " seeds, " + workers + " workers)");
    }
}
