package org.ncsparse.lab.decode;
import org.ncsparse.workload.KvWorkload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.kernel.ReferenceLogits;
import org.ncsparse.cache.PagedKvCache;
import org.ncsparse.decode.DecodeAttention;
import org.ncsparse.decode.DecodeStats;
import org.ncsparse.decode.PageSelection;
import org.ncsparse.metrics.SelectionRecall;

/**
 * One decoding step on a workload, four ways: dense over the paged cache, dense with the attention
 * kernel (m = 1), exact top-k, page-bound selection. Reports the median time of each (one thread,
 * same process, interleaved repetitions after an interleaved warm-up) and the page
 * selector's index / mass recall against the exact top-k of the same size.
 */
public final class DecodeExperiment {
    private DecodeExperiment() {}

    public record Result(String workload, int n, int d, int pageSize, int k, double oversample,
                         double denseMs, double denseKernelMs, double topKMs, double pagedMs,
                         double indexRecall, double massRecall, double scoredFraction, boolean certified,
                         double topKMass) {
        /** Speed-up over the faster of the two dense baselines (paged-cache decode, the attention kernel at m = 1). */
        public double speedupVsDense() { return Math.min(denseMs, denseKernelMs) / pagedMs; }
    }

    /**
     * Times the four methods in {@code repetitions} interleaved rounds after {@code warmupSeconds} of
     * interleaved untimed rounds (at least one). Without a warm-up the first rounds run interpreted or
     * C1-compiled code, and a page-selected step (tens of microseconds) takes thousands of calls to be
     * compiled by C2: at n = 32768, d = 64, 41 rounds without warm-up gave it 4x its warmed time.
     */
    public static Result run(KvWorkload w, CountBudget budget, int pageSize, PageSelection selection, int repetitions,
                             double warmupSeconds, Consumer<String> progress) {
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds))
            throw new IllegalArgumentException("warmupSeconds must be a finite number >= 0, got " + warmupSeconds);
        int n = w.n(), d = w.d(), dv = d;
        PagedKvCache cache = PagedKvCache.of(w.keys(), w.values(), 1, n, d, dv, pageSize);
        float[] q = w.query(), out = new float[dv];
        int k = budget.k(n);
        // exact probabilities for mass recall
        double[] p = probabilities(w);
        int[][] exactSet = new int[1][];
        double[] exactMass = new double[1];
        DecodeAttention.topK(cache, q, 1, w.scale(), budget, out, (h, row, vis, kept, count, mass) -> {
            exactSet[0] = Arrays.copyOf(kept, count);
            exactMass[0] = mass;
        });
        int[][] pagedSet = new int[1][];
        DecodeStats stats = new DecodeStats(1);
        DecodeAttention.pageSelected(cache, q, 1, w.scale(), budget, selection, out, stats,
                (h, row, vis, kept, count, mass) -> pagedSet[0] = Arrays.copyOf(kept, count));
        double indexRecall = SelectionRecall.indexRecall(pagedSet[0], pagedSet[0].length, exactSet[0], exactSet[0].length);
        double massRecall = SelectionRecall.massRecall(p, pagedSet[0], pagedSet[0].length, exactSet[0], exactSet[0].length);
        AttentionRequest kernelRequest = AttentionRequest.builder().query(q, 1, 1, d).keys(w.keys(), 1, n).values(w.values(), dv)
                .scale(w.scale()).build();
        float[] kernelOut = new float[dv];
        List<Double> dense = new ArrayList<>(), denseKernel = new ArrayList<>(), topk = new ArrayList<>(), paged = new ArrayList<>();
        if (progress != null && warmupSeconds > 0) progress.accept(String.format(java.util.Locale.ROOT, "decode %s n=%d: warming up for %.1f s", w.name(), n, warmupSeconds));
        Runnable denseStep = () -> DecodeAttention.exact(cache, q, 1, w.scale(), out);
        Runnable kernelStep = () -> Attention.compute(kernelRequest, kernelOut);
        Runnable topkStep = () -> DecodeAttention.topK(cache, q, 1, w.scale(), budget, out, null);
        Runnable pagedStep = () -> DecodeAttention.pageSelected(cache, q, 1, w.scale(), budget, selection, out, null, null);
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do { // untimed rounds; the fast methods get more calls, as they need more to be compiled
            denseStep.run();
            kernelStep.run();
            for (int i = 0; i < 8; i++) topkStep.run();
            for (int i = 0; i < 32; i++) pagedStep.run();
        } while (System.nanoTime() < warmEnd);
        for (int rep = 0; rep < repetitions; rep++) {
            dense.add(Stopwatch.millis(denseStep));
            denseKernel.add(Stopwatch.millis(kernelStep));
            topk.add(Stopwatch.millis(topkStep));
            paged.add(Stopwatch.millis(pagedStep));
        }
        if (progress != null) progress.accept(String.format(java.util.Locale.ROOT, "decode %s n=%d d=%d page=%d k=%d: dense %.3f ms, paged %.3f ms, mass recall %.4f",
                w.name(), n, d, pageSize, k, Stopwatch.median(dense), Stopwatch.median(paged), massRecall));
        return new Result(w.name(), n, d, pageSize, k, selection.oversample(), Stopwatch.median(dense), Stopwatch.median(denseKernel), Stopwatch.median(topk), Stopwatch.median(paged),
                indexRecall, massRecall, (double) stats.scoredKeys(0) / n, stats.certified(0), exactMass[0]);
    }

    /** Exact softmax probabilities of the workload's query over every key (double precision). */
    private static double[] probabilities(KvWorkload w) {
        AttentionRequest r = AttentionRequest.builder().query(w.query(), 1, 1, w.d()).keys(w.keys(), 1, w.n())
                .values(w.values(), w.d()).scale(w.scale()).build();
        double[] logits = new double[w.n()], p = new double[w.n()];
        ReferenceLogits.probabilities(r, 0, 0, logits, p);
        return p;
    }
}
