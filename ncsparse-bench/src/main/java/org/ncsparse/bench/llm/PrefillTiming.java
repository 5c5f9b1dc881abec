package org.ncsparse.bench.llm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.ModelRegistry;
import org.ncsparse.model.llm.AttentionMode;
import org.ncsparse.model.llm.CausalLm;
import org.ncsparse.model.llm.DecodeOptions;
import org.ncsparse.model.llm.DecoderSession;

/**
 * Prefill speed alone: {@code reps} fresh sessions each prefill the same n random tokens in one call
 * (the first rep includes JIT compilation), then decode 8 tokens; per rep, tokens/s by the wall clock
 * and by the process's CPU time (2 × tokens / CPU seconds for 2 threads: the rate if the cores were
 * this process's alone — the figure to compare on a loaded machine), and the mean decode step:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "ncsparse-cli/target/ncsparse-cli.jar:ncsparse-cli/target/lib/*" \
 *      org.ncsparse.bench.llm.PrefillTiming MODEL n [threads [exact|POLICY [reps]]]
 * </pre>
 */
public final class PrefillTiming {
    private PrefillTiming() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: PrefillTiming MODEL n [threads [exact|POLICY [reps]]]");
        int n = Integer.parseInt(args[1]), threads = args.length > 2 ? Integer.parseInt(args[2]) : 2, reps = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        String mode = args.length > 3 ? args[3] : "exact";
        AttentionMode attention = mode.equals("exact") ? AttentionMode.EXACT : new AttentionMode(BudgetPolicy.parse(mode), AttentionMode.Selector.EXACT);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (CausalLm lm = ModelRegistry.openCausalLm(Path.of(args[0]))) {
            SplittableRandom rnd = new SplittableRandom(1);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) ids[i] = 3 + rnd.nextInt(lm.info().vocab() - 3);
            for (int rep = 0; rep < reps; rep++) {
                try (DecoderSession s = lm.newSession(new DecodeOptions(attention, threads, n + 8, 64, DecodeOptions.KvType.F32, null))) {
                    long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
                    s.prefill(ids, null);
                    double wall = (System.nanoTime() - t0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
                    long t1 = System.nanoTime();
                    for (int i = 0; i < 8; i++) s.step(ids[i]);
                    double stepMs = (System.nanoTime() - t1) / 1e6 / 8;
                    System.out.printf(Locale.ROOT, "rep %d n=%d %s threads=%d: prefill %.2f s = %.1f tokens/s wall; CPU %.2f s = %.1f tokens per %d CPU-s; decode %.1f ms/step%n",
                            rep, n, attention.label(), threads, wall, n / wall, cpu, threads * n / cpu, threads, stepMs);
                }
            }
        }
    }
}
