package org.ncsparse.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ncsparse.bench.Comparison;
import org.ncsparse.bench.JmhLauncher;
import org.ncsparse.bench.PeerRunner;
import org.ncsparse.lab.StagedFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ncsparse bench}: the side-by-side peer benchmark, or the JMH kernel suite. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        // one element per paragraph: picocli wraps each at the help width (hand-broken lines wrapped raggedly)
        description = {"Benchmark NcSparse's attention kernels and decoder.",
                "",
                "--peers: NcSparse vs ONNX Runtime's fused attention (MultiHeadAttention, GroupQueryAttention, ONNX Attention), "
                        + "timed interleaved in this JVM, and NumPy+OpenBLAS and PyTorch (one head), on the same shapes; one row per "
                        + "shape and thread count naming the fastest peer, GFLOP/s and %% of the FMA peak measured in the same run; then "
                        + "the model GEMM and the encoder row (MiniLM vs ONNX Runtime). Writes peers.md, peers.svg and peers.json (JSON "
                        + "Lines) to --out and prints the Markdown table. Installs nothing: a missing peer is reported with the command "
                        + "that installs it. --smoke only checks that everything runs (one repetition, no warm-up): its numbers are not measurements.",
                "",
                "--jmh [JMH options]: the JMH suite (AttentionBench); every argument after --jmh goes to JMH.",
                "",
                "--llm MODEL: decoder prefill and decode tokens/s per attention mode and context (the last --threads value); "
                        + "writes llm-speed.md and llm-speed.json; a model to measure: see docs/LLM.md. "
                        + "With --peer jlama: NcSparse beside Jlama on the same safetensors folder (same threads, greedy decoding "
                        + "interleaved); writes llm-peers.md and llm-peers.json.",
                ""},
        footer = {"", "Examples:", "  ncsparse bench --peers --quick", "  ncsparse bench --peers --quick --json reports/peers.json",
                "  ncsparse bench --jmh AttentionBench -p n=4096 -p d=64 -p causal=false -p threads=1 -p kernel=vector -p 'budget=exact,power:1;0.5'"})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--peers", description = "Run the peer comparison.") boolean peers;
    @Option(names = "--quick", description = "Small grid (heads 1, 8; n = 1024, 4096; d = 64), a few minutes.") boolean quick;
    @Option(names = "--smoke", description = "Tiny grid for CI (seconds); checks that the peers run, measures nothing.") boolean smoke;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", paramLabel = "T[,T]", description = "Thread counts (default 1,2).") int[] threads;
    @Mixin OutputOptions output;
    @Mixin JsonOption json;
    @Option(names = "--jmh", arity = "0..*", paramLabel = "JMH-ARG",
            description = "Run the JMH suite; every argument after --jmh goes to JMH (benchmark regex, -p, -f, -wi, -i, ...).")
    List<String> jmh;
    @Mixin LlmBenchOptions llm;

    static final String SMOKE_CAVEAT = "> **Smoke run** (`--smoke`): one repetition without warm-up on tiny shapes, to check that every peer runs. "
            + "Its times, the FMA peak and the ratios are not measurements; use `--quick` or the full grid for numbers.\n\n";

    @Override
    public Integer call() throws Exception {
        if (jmh != null) {
            JmhLauncher.run(jmh.toArray(String[]::new));
            return 0;
        }
        if (llm.model != null) {
            for (int t : threads) CliSupport.threads(spec, t);
            return llm.run(spec, threads[threads.length - 1], output);
        }
        if (!peers) throw new ParameterException(spec.commandLine(), "say --peers or --jmh (or --llm MODEL)");
        if (smoke && quick) throw new ParameterException(spec.commandLine(), "--smoke and --quick exclude each other");
        for (int t : threads)
            CliSupport.threads(spec, t);
        String mode = smoke ? "smoke" : quick ? "quick" : "full";
        try (StagedFolder staged = output.open(spec, "bench-" + mode)) {
            List<Comparison> rows;
            try (Progress progress = Progress.start(spec, 0)) {
                if (smoke) progress.note("note: --smoke checks that the peers run; its numbers are not measurements");
                rows = PeerRunner.run(mode, threads, staged.dir(), null, progress.printStream());
            }
            Path md = staged.dir().resolve("peers.md");
            if (smoke) Files.writeString(md, SMOKE_CAVEAT + Files.readString(md, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            String table = Files.readString(md, StandardCharsets.UTF_8);
            staged.commit();
            json.write(spec, rows);
            if (json.tableOnStdout()) {
                spec.commandLine().getOut().print(table);
                spec.commandLine().getOut().println("wrote " + staged.target().resolve("peers.md") + ", peers.svg, peers.json");
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }
}
