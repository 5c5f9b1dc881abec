package org.ncsparse.bench.llm;

import org.ncsparse.model.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ncsparse.bench.FmaPeak;
import org.ncsparse.bench.PeerRunner;
import org.ncsparse.model.llm.LmInfo;

/** llm-speed.md (machine, model, settings, the table) and llm-speed.json beside it. */
public final class LlmSpeedReport {
    private LlmSpeedReport() {}

    /** The machine facts measured at the start: CPU model, one-thread FMA peak, load average. */
    public record Machine(String cpu, double fmaPeakGflops, String loadBefore) {
        public static Machine measure() {
            return new Machine(PeerRunner.cpuModel(), FmaPeak.singleThreadGflops(3), PeerRunner.loadAverage());
        }
    }

    public static String markdown(LmInfo info, LlmSpeed.Config c, Machine m, String loadAfter, List<LlmSpeed.Row> rows, boolean random) {
        StringBuilder sb = new StringBuilder(modelAndMachine(info, random ? ", random weights" : "", m, loadAfter));
        sb.append(String.format(Locale.ROOT, "Threads %d, KV cache %s, page %d tokens. After an untimed warm-up prefill (JIT), each context is prefilled once (exact attention, in calls of %d tokens; "
                + "prefill tokens/s of a sparse mode only when measured in a second session with --sparse-prefill); every mode then decodes over that cache: "
                + "per step each sparse mode decodes the step's token and truncates it away, then exact decodes it and keeps it, so all modes attend over "
                + "the same cache and take turns. %d warm-up and %d timed decode steps; decode tokens/s = 1000 / median ms; then %d untimed steps per sparse "
                + "mode measure recall against the exact top-k of the same size (mass recall = kept softmax mass / top-k mass; index recall = share of kept "
                + "keys in the top-k), over every (layer, head).%n%n",
                c.base().threads(), c.base().kvType(), c.base().pageSize(), LlmSpeed.PREFILL_CHUNK, c.warmupSteps(), c.steps(), LlmSpeed.RECALL_STEPS));
        return sb.append(LlmSpeed.markdown(rows)).toString();
    }

    /** The "Model: ..." and "CPU: ..." lines; {@code note} follows the model's shape (e.g. ", random weights"). */
    static String modelAndMachine(LmInfo info, String note, Machine m, String loadAfter) {
        return String.format(Locale.ROOT, "Model: %s (%s, %d layers, hidden %d, %d heads / %d KV heads, head dim %d, FFN %d, vocab %d, weights %s)%s.%n",
                info.source(), info.family(), info.layers(), info.hidden(), info.heads(), info.kvHeads(), info.headDim(), info.ffn(), info.vocab(),
                info.weightType(), note)
                + String.format(Locale.ROOT, "CPU: %s; one-thread FMA peak %.1f GFLOP/s measured in this run; load average %s at the start, %s at the end.%n",
                m.cpu(), m.fmaPeakGflops(), m.loadBefore(), loadAfter);
    }

    public static void write(Path dir, String markdown, List<LlmSpeed.Row> rows, Machine m, LmInfo info) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", info);
        fields.put("rows", rows);
        writeFiles(dir, "llm-speed", markdown, m, fields);
    }

    /**
     * NAME.md (the markdown) and NAME.json (the machine, then {@code fields} in their order), each
     * written atomically: the one writer of the decoder benchmarks' reports.
     */
    static void writeFiles(Path dir, String name, String markdown, Machine m, Map<String, Object> fields) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cpu", m.cpu());
        json.put("fmaPeakGflops1Thread", m.fmaPeakGflops());
        json.put("loadBefore", m.loadBefore());
        json.putAll(fields);
        AtomicFiles.write(dir.resolve(name + ".json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        AtomicFiles.write(dir.resolve(name + ".md"), markdown.getBytes(StandardCharsets.UTF_8));
    }
}
