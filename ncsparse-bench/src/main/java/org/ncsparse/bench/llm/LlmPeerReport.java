package org.ncsparse.bench.llm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** llm-peers.md (machine, model, settings, Jlama's status, the table) and llm-peers.json beside it. */
public final class LlmPeerReport {
    private LlmPeerReport() {}

    public static String markdown(LlmPeerSpeed.Result r, LlmPeerSpeed.Config c, LlmSpeedReport.Machine m, String loadAfter, boolean random) {
        StringBuilder sb = new StringBuilder(LlmSpeedReport.modelAndMachine(r.model(),
                random ? ", random weights (greedy agreement then hinges on near-ties)" : "", m, loadAfter));
        String jlama = r.jlamaUnavailable() != null ? "Jlama " + r.jlamaVersion() + " did not run (below)"
                : String.format(Locale.ROOT, "Jlama %s (its Vector API kernels, F32 activations and KV cache, activations rounded to %s before each "
                + "weight matmul)", r.jlamaVersion(), r.jlamaMatmulInput());
        sb.append(String.format(Locale.ROOT, "Both engines in this JVM with %d threads; NcSparse KV cache %s, page %d tokens; %s. "
                + "After an untimed warm-up pass at n = %d, per context: one prompt pass each, then %d warm-up and %d timed greedy decode steps "
                + "per system, interleaved in a fresh random order each step; decode tokens/s = 1000 / median ms.%n",
                c.threads(), c.kvType(), c.pageSize(), jlama,
                Math.min(LlmPeerSpeed.WARM_UP_CONTEXT, c.contexts()[0]), c.warmupSteps(), c.steps()));
        if (r.jlamaUnavailable() != null) sb.append("\n**Jlama did not run:** ").append(r.jlamaUnavailable()).append('\n');
        if (r.jlamaCaveat() != null) sb.append("\n**Note:** ").append(r.jlamaCaveat()).append('\n');
        return sb.append('\n').append(LlmPeerSpeed.markdown(r.rows())).toString();
    }

    public static void write(Path dir, String markdown, LlmPeerSpeed.Result r, LlmSpeedReport.Machine m) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", r.model());
        fields.put("jlamaVersion", r.jlamaVersion());
        fields.put("jlamaMatmulInput", r.jlamaMatmulInput());
        fields.put("jlamaUnavailable", r.jlamaUnavailable());
        fields.put("jlamaCaveat", r.jlamaCaveat());
        fields.put("rows", r.rows());
        LlmSpeedReport.writeFiles(dir, "llm-peers", markdown, m, fields);
    }
}
