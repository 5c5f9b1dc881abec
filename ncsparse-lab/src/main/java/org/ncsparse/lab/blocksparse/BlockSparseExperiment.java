package org.ncsparse.lab.blocksparse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.ncsparse.exec.Stopwatch;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.BlockSparseAttention;
import org.ncsparse.kernel.ReferenceLogits;
import org.ncsparse.select.BlockSelection;
import org.ncsparse.select.BlockSelector;
import org.ncsparse.select.TransposedKeys;

/**
 * Dense prefill vs block-sparse prefill on one request: median times (same threads, interleaved
 * repetitions) and, on sampled query rows, the mass recall of the attended key set S_i against the
 * exact top-|S_i| keys T_i (sum_S p / sum_T p) and the dropped mass 1 - sum_S p.
 */
public final class BlockSparseExperiment {
    private BlockSparseExperiment() {}

    public record Result(String workload, int n, int d, boolean causal, int threads, int blockSize,
                         double denseMs, double sparseMs, double keptFraction,
                         double meanMassRecall, double minMassRecall, double meanDroppedMass, int sampledRows) {
        public double speedup() { return denseMs / sparseMs; }
    }

    public static Result run(String workload, AttentionRequest r, BlockSelection sel, int repetitions, int recallRows,
                             Consumer<String> progress) {
        float[] out = new float[r.outputLength()];
        BlockSparseAttention.Stats stats = BlockSparseAttention.compute(r, sel, out); // untimed, as is the next: JIT warm-up for both
        Attention.compute(r, out);
        double[] recall = recall(r, sel, recallRows);
        List<Double> dense = new ArrayList<>(), sparse = new ArrayList<>();
        for (int rep = 0; rep < repetitions; rep++) {
            dense.add(Stopwatch.millis(() -> Attention.compute(r, out)));
            sparse.add(Stopwatch.millis(() -> BlockSparseAttention.compute(r, sel, out)));
            if (progress != null) progress.accept(String.format(java.util.Locale.ROOT, "%s n=%d rep %d/%d: dense %.1f ms, block-sparse %.1f ms",
                    workload, r.n(), rep + 1, repetitions, dense.get(rep), sparse.get(rep)));
        }
        return new Result(workload, r.n(), r.d(), r.causal(), r.threads(), sel.blockSize(), Stopwatch.median(dense), Stopwatch.median(sparse),
                stats.keptFraction(), recall[0], recall[1], recall[2], (int) recall[3]);
    }

    /** {mean mass recall, min mass recall, mean dropped mass, rows} over evenly spaced query rows of head 0. */
    static double[] recall(AttentionRequest r, BlockSelection sel, int rows) {
        int n = r.n(), bs = sel.blockSize();
        BlockSelector selector = new BlockSelector(r, sel);
        TransposedKeys keys = new TransposedKeys(r, 0, bs);
        int[] blocks = new int[selector.keyBlocks()];
        double[] logits = new double[n], p = new double[n];
        double sum = 0, min = 1, dropped = 0;
        int count = 0;
        for (int t = 0; t < rows; t++) {
            int i = (int) ((long) (2 * t + 1) * r.m() / (2L * rows));
            int r0 = i / bs * bs, r1 = Math.min(r.m(), r0 + bs);
            int nb = selector.select(0, r0, r1, keys, blocks);
            int vis = ReferenceLogits.probabilities(r, 0, i, logits, p);
            double kept = 0;
            int size = 0;
            for (int b = 0; b < nb; b++) for (int j = blocks[b] * bs; j < Math.min(vis, (blocks[b] + 1) * bs); j++) { kept += p[j]; size++; }
            double[] sorted = Arrays.copyOf(p, vis);
            Arrays.sort(sorted);
            double best = 0;
            for (int s = 0; s < size; s++) best += sorted[vis - 1 - s];
            double rec = best == 0 ? 1 : Math.min(1, kept / best);
            sum += rec;
            min = Math.min(min, rec);
            dropped += Math.max(0, 1 - kept);
            count++;
        }
        return new double[] {sum / count, min, dropped / count, count};
    }
}
