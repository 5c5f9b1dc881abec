package org.ncsparse.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.bench.JmhLauncher;
import org.ncsparse.bench.PeerRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ncsparse bench}: the side-by-side peer benchmark, or the JMH kernel suite. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark NcSparse's attention kernels.",
                "--peers: NcSparse vs ONNX Runtime's fused attention (MultiHeadAttention, GroupQueryAttention, ONNX Attention),",
                "  timed interleaved in this JVM, and NumPy+OpenBLAS and PyTorch (one head), on the same shapes; one row per",
                "  shape and thread count naming the fastest peer, GFLOP/s, % of the FMA peak measured in the same run;",
                "  then the encoder row (MiniLM vs ONNX Runtime). Markdown table, SVG plot and JSON records.",
                "  Installs nothing: a missing peer is reported with the command that installs it.",
                "--jmh [JMH options]: the JMH suite (AttentionBench), e.g. --jmh -p n=4096 -p d=64 -p budget=exact."},
        footer = {"", "Examples:", "  ncsparse bench --peers --quick", "  ncsparse bench --peers --json reports/bench/peers.json",
                "  ncsparse bench --jmh AttentionBench -p n=4096 -p d=64 -p causal=false -p threads=1 -p kernel=vector -p budget=exact,power:1;0.5"})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--peers", description = "Run the peer comparison.") boolean peers;
    @Option(names = "--quick", description = "Small grid (heads 1, 8; n = 1024, 4096; d = 64), a few minutes.") boolean quick;
    @Option(names = "--smoke", description = "Tiny grid for CI (seconds).") boolean smoke;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "T[,T]", description = "Thread counts (default 1,2).") int[] threads;
    @Option(names = "--out", defaultValue = "reports/bench", paramLabel = "DIR", description = "Output folder for peers.md / .svg / .json (default reports/bench).") Path out;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON records (one per comparison) here instead of DIR/peers.json.") Path json;
    @Option(names = "--jmh", arity = "0..*", paramLabel = "JMH-ARG",
            description = "Run the JMH suite; every argument after --jmh goes to JMH (benchmark regex, -p, -f, -wi, -i, ...).")
    List<String> jmh;

    @Override
    public Integer call() throws Exception {
        if (jmh != null) {
            JmhLauncher.run(jmh.toArray(String[]::new));
            return 0;
        }
        if (!peers) {
            spec.commandLine().getErr().println("ncsparse bench: say --peers or --jmh. Try 'ncsparse bench --help'.");
            return 2;
        }
        for (int t : threads) if (t < 1) { spec.commandLine().getErr().println("ncsparse bench: --threads must be >= 1, got " + t); return 2; }
        String mode = smoke ? "smoke" : quick ? "quick" : "full";
        PeerRunner.run(mode, threads, out, json, System.out);
        return 0;
    }
}
