package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.Reproduction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ncsparse reproduce}: the paper's Figures 1-2, SSAA and collapse verdicts, theory overlays, both regimes. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Re-runs the paper's simulations and writes an HTML report with PNG plots, tidy CSVs and params.json.",
                "Quick mode (default): n = 2^8..2^14 (claims: independent rows to 2^17), about a minute on 2 cores;",
                "--full: n = 2^8..2^16, 5 seeds x 128 rows (claims: rows to 2^20, causal N = 2^17), several minutes."},
        footer = {"", "Examples:", "  ncsparse reproduce", "  ncsparse reproduce --full --seed 7 --out reports/full"})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin OutputOptions output;

    @Option(names = "--full", description = "the full grid (n up to 2^16, 5 seeds x 128 rows; claims rows up to n = 2^20)")
    boolean full;

    @Option(names = "--tiny", hidden = true, description = "a seconds-long smoke run (tests)")
    boolean tiny;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "base seed (default: ${DEFAULT-VALUE}); seeds S, S+1, ... are used")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: available processors)")
    Integer threads;

    @Override public Integer call() {
        int t = CliSupport.threads(spec, threads);
        if (full && tiny) throw new ParameterException(spec.commandLine(), "--full and --tiny exclude each other");
        Path dir = output.check(spec, "reproduce"); // fail before computing, write nothing
        Reproduction.Config c = full ? Reproduction.Config.full(seed, t) : tiny ? Reproduction.Config.tiny(seed, t) : Reproduction.Config.quick(seed, t);
        OutputFolder files;
        try (Progress progress = Progress.start(spec, 0)) {
            files = Reproduction.run(c, progress.lines());
        }
        files.writeTo(dir, output.force);
        spec.commandLine().getOut().println("report: " + dir.resolve("index.html"));
        return 0;
    }
}
