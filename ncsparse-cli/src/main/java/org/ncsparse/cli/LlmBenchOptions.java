package org.ncsparse.cli;

import java.nio.file.Path;
import org.ncsparse.lab.StagedFolder;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.bench.PeerRunner;
import org.ncsparse.bench.llm.KvCacheSpeed;
import org.ncsparse.bench.llm.LlmSpeed;
import org.ncsparse.bench.llm.LlmSpeedReport;
import org.ncsparse.lab.llm.Policies;
import org.ncsparse.lab.llm.WeightsNotice;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code ncsparse bench --llm MODEL}: decoder prefill and decode speed per attention mode and context (see docs/LLM.md). */
public final class LlmBenchOptions {
    @Option(names = "--llm", paramLabel = "MODEL", description = "Decoder speed: prefill and decode tokens/s of this checkpoint, dense vs sparse modes.")
    Path model;
    @Option(names = "--contexts", split = ",", defaultValue = "4096,16384,32768", paramLabel = "N[,N...]", description = "With --llm: context lengths (default ${DEFAULT-VALUE}).")
    int[] contexts;
    @Option(names = "--modes", split = " ", defaultValue = "power:1,0.5 power:1,0.5@pages", paramLabel = "POLICY",
            description = "With --llm: modes compared with exact, space-separated (default ${DEFAULT-VALUE}).")
    List<String> modes;
    @Option(names = "--steps", defaultValue = "16", paramLabel = "S", description = "With --llm: timed decode steps per mode (default ${DEFAULT-VALUE}).") int steps;
    @Option(names = "--warmup", defaultValue = "4", paramLabel = "W", description = "With --llm: warm-up decode steps per mode (default ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--kv", split = ",", defaultValue = "F32", paramLabel = "F32|F16|BF16",
            description = "With --llm: KV-cache element type; F16/BF16 halve the cache memory and traffic (default ${DEFAULT-VALUE}). "
                    + "Several (e.g. F32,F16,BF16): compare the types instead, interleaved, ratios against the first; writes llm-kv-speed.md/json.")
    List<DecodeOptions.KvType> kv;
    @Option(names = "--page-size", defaultValue = "64", paramLabel = "P", description = "With --llm: KV-cache page (default ${DEFAULT-VALUE}).") int pageSize;

    @Option(names = "--peer", paramLabel = "jlama", description = "With --llm: NcSparse beside this engine (jlama) on the same safetensors folder, "
            + "greedy decoding interleaved; writes llm-peers.md and llm-peers.json instead of llm-speed.*.") String peer;

    int run(CommandSpec spec, int threads, OutputOptions output) throws Exception {
        if (peer != null) return LlmPeerBench.run(spec, this, threads, output);
        List<AttentionMode> list = new ArrayList<>(List.of(AttentionMode.EXACT));
        LlmSpeed.Config c;
        try {
            list.addAll(Policies.parseAll(modes, AttentionMode.Selector.EXACT));
            if (kv.size() > 1) return compareKvTypes(spec, new KvCacheSpeed.Config(contexts, kv, list, warmup, steps, 1,
                    new DecodeOptions(AttentionMode.EXACT, threads, 2, pageSize, kv.get(0), null)), output);
            c = new LlmSpeed.Config(contexts, list, warmup, steps, 1, new DecodeOptions(AttentionMode.EXACT, threads, 2, pageSize, kv.get(0), null));
        } catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        try (StagedFolder staged = output.open(spec, "bench-llm"); CausalLm lm = LlmOptions.openModel(model)) {
            LlmSpeedReport.Machine machine = LlmSpeedReport.Machine.measure();
            List<LlmSpeed.Row> rows;
            try (Progress progress = Progress.start(spec, 0)) {
                rows = LlmSpeed.run(lm, c, progress.printStream());
            }
            String md = LlmSpeedReport.markdown(lm.info(), c, machine, PeerRunner.loadAverage(), rows, WeightsNotice.detect(lm.info(), false).random());
            LlmSpeedReport.write(staged.dir(), md, rows, machine, lm.info());
            staged.commit();
            spec.commandLine().getOut().println(md);
            spec.commandLine().getOut().println("wrote " + staged.target().resolve("llm-speed.md") + " and llm-speed.json");
        }
        return 0;
    }

    /** {@code --kv A,B,...}: the KV-cache types compared under every mode (see {@link KvCacheSpeed}). */
    private int compareKvTypes(CommandSpec spec, KvCacheSpeed.Config c, OutputOptions output) throws Exception {
        try (StagedFolder staged = output.open(spec, "bench-llm-kv"); CausalLm lm = LlmOptions.openModel(model)) {
            LlmSpeedReport.Machine machine = LlmSpeedReport.Machine.measure();
            List<KvCacheSpeed.Row> rows;
            try (Progress progress = Progress.start(spec, 0)) {
                rows = KvCacheSpeed.run(lm, c, progress.printStream());
            }
            String md = KvCacheSpeed.markdown(lm.info(), c, machine, PeerRunner.loadAverage(), rows);
            KvCacheSpeed.write(staged.dir(), md, rows, machine, lm.info());
            staged.commit();
            spec.commandLine().getOut().println(md);
            spec.commandLine().getOut().println("wrote " + staged.target().resolve("llm-kv-speed.md") + " and llm-kv-speed.json");
        }
        return 0;
    }
}
