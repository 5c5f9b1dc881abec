package org.ncsparse.lab.llm;

import java.util.List;
import org.ncsparse.model.llm.LmInfo;

/**
 * Passkey retrieval accuracy per policy, context length and depth.
 *
 * @param cache    the KV cache every policy ran with
 * @param policies policy labels, in order
 * @param correct  correct[policy][context][depth]: trials answered correctly
 * @param trials   trials per cell
 * @param answers  every trial, for the CSV
 * @param certified per policy: the share of page-selected decode rows (layer, head, step) certified to
 *                  be the exact top-k; NaN for policies without the page selector
 */
public record NeedleResult(LmInfo info, WeightsNotice notice, KvCacheInfo cache, int[] contexts, double[] depths, int trials, List<String> policies,
                           int[][][] correct, List<Answer> answers, double seconds, double[] certified) {

    /** One greedy answer. */
    public record Answer(String policy, int context, double depth, int trial, String passkey, String answer, boolean correct) {}

    public double accuracy(int policy, int context, int depth) { return (double) correct[policy][context][depth] / trials; }

    /** Mean accuracy of a policy over all cells. */
    public double accuracy(int policy) {
        long c = 0;
        for (int[] row : correct[policy]) for (int v : row) c += v;
        return (double) c / ((long) contexts.length * depths.length * trials);
    }
}
