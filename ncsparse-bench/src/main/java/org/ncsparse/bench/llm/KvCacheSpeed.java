package org.ncsparse.bench.llm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.ncsparse.cache.KvStorage;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecodeOptions.KvType;
import org.ncsparse.model.llm.DecoderSession;
import org.ncsparse.model.llm.LmInfo;

/**
 * KV-cache element types compared: for each context n, one session per (KV type, attention mode) is
 * prefilled with the same n random ids, then all decode the same tokens, one step each in turn
 * (interleaved, so machine load hits every type alike): median step time, median attention time
 * (the session's attention clock), their ratios against the F32 cache under the same mode, and the
 * cache's size: layers × kv heads × (pages × page × 2 head_dim × bytes per element + the block
 * summaries' 2 head_dim floats per block, in groups of 64 blocks), as {@code PagedKvCache} allocates it.
 */
public final class KvCacheSpeed {
    private KvCacheSpeed() {}

    /** @param kvTypes the first is the reference of the ratios (normally F32) */
    public record Config(int[] contexts, List<KvType> kvTypes, List<AttentionMode> modes, int warmupSteps, int steps, long seed, DecodeOptions base) {
        public Config {
            if (contexts.length == 0) throw new IllegalArgumentException("contexts must not be empty");
            for (int n : contexts) if (n < 2) throw new IllegalArgumentException("contexts must be >= 2, got " + n);
            if (kvTypes.size() < 2) throw new IllegalArgumentException("kvTypes must list at least two types to compare, got " + kvTypes);
            if (modes.isEmpty()) throw new IllegalArgumentException("modes must not be empty");
            if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
    }

    /**
     * @param cacheMiB          the session's KV cache at n + the decoded tokens, MiB (2^20 bytes)
     * @param attentionSpeedup  the first KV type's attentionMs (same mode) / this one's
     * @param decodeSpeedup     the first KV type's decodeMs (same mode) / this one's
     */
    public record Row(int context, String kv, String mode, double cacheMiB, double prefillTokensPerSecond, double decodeMs,
                      double attentionMs, double attentionShare, double attentionSpeedup, double decodeSpeedup) {}

    public static List<Row> run(CausalLm model, Config c, PrintStream log) {
        LmInfo info = model.info();
        int types = c.kvTypes().size(), modes = c.modes().size(), m = types * modes;
        List<Row> rows = new ArrayList<>();
        for (int n : c.contexts()) {
            SplittableRandom rnd = new SplittableRandom(c.seed() + n);
            int[] prompt = new int[n], next = new int[c.warmupSteps() + c.steps()];
            for (int i = 0; i < n; i++) prompt[i] = 3 + rnd.nextInt(info.vocab() - 3);
            for (int i = 0; i < next.length; i++) next[i] = 3 + rnd.nextInt(info.vocab() - 3);
            DecoderSession[] s = new DecoderSession[m]; // index t * modes + k
            try {
                double[] prefill = new double[m];
                for (int t = 0; t < types; t++)
                    for (int k = 0; k < modes; k++) {
                        int i = t * modes + k;
                        DecodeOptions o = new DecodeOptions(c.modes().get(k), c.base().threads(), n + next.length + 1, c.base().pageSize(), c.kvTypes().get(t), null);
                        s[i] = model.newSession(o);
                        s[i].prefill(prompt, null);
                        prefill[i] = s[i].stats().prefillTokensPerSecond();
                        log.printf(Locale.ROOT, "[kv-speed] n=%d %s %s: prefill %.1f tokens/s%n", n, c.kvTypes().get(t), c.modes().get(k).label(), prefill[i]);
                    }
                for (int j = 0; j < c.warmupSteps(); j++) for (DecoderSession x : s) x.step(next[j]);
                double[][] wall = new double[m][c.steps()], attn = new double[m][c.steps()];
                for (int j = 0; j < c.steps(); j++)
                    for (int i = 0; i < m; i++) {
                        long a0 = s[i].stats().attentionNanos(), t0 = System.nanoTime();
                        s[i].step(next[c.warmupSteps() + j]);
                        wall[i][j] = (System.nanoTime() - t0) / 1e6;
                        attn[i][j] = (s[i].stats().attentionNanos() - a0) / 1e6;
                    }
                for (int t = 0; t < types; t++)
                    for (int k = 0; k < modes; k++) {
                        int i = t * modes + k;
                        double ms = LlmSpeed.median(wall[i]), am = LlmSpeed.median(attn[i]);
                        double refMs = LlmSpeed.median(wall[k]), refAm = LlmSpeed.median(attn[k]);
                        KvType kv = c.kvTypes().get(t);
                        Row r = new Row(n, kv.name(), c.modes().get(k).label(), cacheBytes(info, n + next.length, c.base().pageSize(), kv) / 1048576.0,
                                prefill[i], ms, am, am / ms, refAm / am, refMs / ms);
                        rows.add(r);
                        log.printf(Locale.ROOT, "[kv-speed] n=%d %s %-24s cache %.0f MiB, decode %.2f ms/token, attention %.2f ms (x%.2f vs %s), x%.2f end to end%n",
                                n, kv, r.mode(), r.cacheMiB(), ms, am, r.attentionSpeedup(), c.kvTypes().get(0), r.decodeSpeedup());
                    }
            } finally {
                for (DecoderSession x : s) if (x != null) x.close();
            }
        }
        return rows;
    }

    /** Bytes of a session's KV cache holding {@code tokens}: one paged cache per (layer, kv head). */
    public static long cacheBytes(LmInfo info, int tokens, int pageSize, KvType kv) {
        int hd = info.headDim();
        return info.layers() * info.kvHeads() * org.ncsparse.cache.PagedKvCache.bytes(1, hd, hd, pageSize, KvStorage.valueOf(kv.name()), tokens);
    }

    public static String markdown(LmInfo info, Config c, LlmSpeedReport.Machine machine, String loadAfter, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(LlmSpeedReport.modelAndMachine(info, "", machine, loadAfter));
        sb.append(String.format(Locale.ROOT, "Threads %d, page %d tokens; %d warm-up and %d timed decode steps per session, interleaved over KV types and modes; "
                + "ratios against %s under the same mode.%n%n", c.base().threads(), c.base().pageSize(), c.warmupSteps(), c.steps(), c.kvTypes().get(0)));
        sb.append("| context | KV cache | attention | cache MiB | prefill tokens/s | decode ms/token | attention ms/step | attention share "
                + "| attention speed-up | decode speed-up |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows)
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %.1f | %.2f | %.2f | %.0f%% | %.2fx | %.2fx |%n", r.context(), r.kv(), r.mode(), r.cacheMiB(),
                    r.prefillTokensPerSecond(), r.decodeMs(), r.attentionMs(), 100 * r.attentionShare(), r.attentionSpeedup(), r.decodeSpeedup()));
        return sb.toString();
    }

    /** llm-kv-speed.md and llm-kv-speed.json. */
    public static void write(Path dir, String markdown, List<Row> rows, LlmSpeedReport.Machine m, LmInfo info) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", info);
        fields.put("rows", rows);
        LlmSpeedReport.writeFiles(dir, "llm-kv-speed", markdown, m, fields);
    }
}
