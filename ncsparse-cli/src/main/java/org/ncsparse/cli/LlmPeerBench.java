package org.ncsparse.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ncsparse.bench.PeerRunner;
import org.ncsparse.bench.llm.LlmPeerReport;
import org.ncsparse.bench.llm.LlmPeerSpeed;
import org.ncsparse.bench.llm.LlmSpeedReport;
import org.ncsparse.lab.StagedFolder;
import org.ncsparse.lab.llm.Policies;
import org.ncsparse.lab.llm.WeightsNotice;
import org.ncsparse.model.llm.AttentionMode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code ncsparse bench --llm FOLDER --peer jlama}: NcSparse beside Jlama on the same safetensors folder (see docs/LLM.md). */
final class LlmPeerBench {
    private LlmPeerBench() {}

    static final List<String> PEERS = List.of("jlama");

    static int run(CommandSpec spec, LlmBenchOptions o, int threads, OutputOptions output) throws Exception {
        if (!PEERS.contains(o.peer.toLowerCase(Locale.ROOT)))
            throw new ParameterException(spec.commandLine(), "--peer must be one of " + PEERS + ", got '" + o.peer + "'");
        if (o.kv.size() != 1) throw new ParameterException(spec.commandLine(), "--peer takes one --kv type, got " + o.kv);
        LlmPeerSpeed.Config c;
        try {
            List<AttentionMode> modes = new ArrayList<>(List.of(AttentionMode.EXACT));
            modes.addAll(Policies.parseAll(o.modes, AttentionMode.Selector.EXACT));
            c = new LlmPeerSpeed.Config(o.contexts, modes, o.warmup, o.steps, 1, threads, o.pageSize, o.kv.get(0));
        } catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), e.getMessage()); }
        try (StagedFolder staged = output.open(spec, "bench-llm-peers")) {
            LlmSpeedReport.Machine machine = LlmSpeedReport.Machine.measure();
            LlmPeerSpeed.Result r;
            try (Progress progress = Progress.start(spec, 0)) {
                r = LlmPeerSpeed.run(o.model, c, progress.printStream());
            }
            String md = LlmPeerReport.markdown(r, c, machine, PeerRunner.loadAverage(), WeightsNotice.detect(r.model(), false).random());
            LlmPeerReport.write(staged.dir(), md, r, machine);
            staged.commit();
            spec.commandLine().getOut().println(md);
            if (r.jlamaUnavailable() != null) spec.commandLine().getErr().println("ncsparse: Jlama did not run: " + r.jlamaUnavailable());
            spec.commandLine().getOut().println("wrote " + staged.target().resolve("llm-peers.md") + " and llm-peers.json");
        }
        return 0;
    }
}
