package org.ncsparse.lab.llm;

import java.util.List;
import org.ncsparse.model.llm.LmInfo;

/**
 * Perplexity of each attention policy on the same token windows, and how far each sparse policy's
 * next-token distribution moved from exact attention's.
 *
 * @param info     the model
 * @param notice   the random-weights warning (if any)
 * @param cache    the KV cache every policy ran with
 * @param context  tokens per window
 * @param windows  windows evaluated
 * @param exact    the exact-attention reference (its KL fields are 0, agreement 1)
 * @param policies every requested policy, in order, each compared with {@code exact} on the same positions
 * @param positionBuckets upper window positions (exclusive) of the buckets in {@link Score#klByPosition}
 * @param decodeFrom first window position fed by decode steps (≥ context: prefill only)
 * @param seconds  wall time
 */
public record PerplexityResult(LmInfo info, WeightsNotice notice, KvCacheInfo cache, int context, int windows, Score exact, List<Score> policies,
                               int[] positionBuckets, int decodeFrom, double seconds) {

    /**
     * One policy over all scored tokens (every window position that has a next token).
     *
     * @param policy        the policy's label ("exact", "power:1,0.5", "power:1,0.5 (pages)")
     * @param tokens        scored tokens
     * @param meanNll       mean negative log-likelihood of the next token, in nats
     * @param windowPerplexity perplexity per window
     * @param klMean        mean per-token KL(exact ‖ policy), nats
     * @param klP95         95th percentile (nearest rank) of the per-token KL
     * @param klMax         largest per-token KL
     * @param top1          fraction of tokens whose most likely next token equals exact's
     * @param klByPosition  mean KL per window-position bucket (see positionBuckets)
     * @param prefillTokensPerSecond prefill speed of the policy's sessions
     * @param certifiedFraction page-selected rows certified exact top-k (NaN when the selector is not pages)
     */
    public record Score(String policy, long tokens, double meanNll, double[] windowPerplexity, double klMean, double klP95, double klMax,
                        double top1, double[] klByPosition, double prefillTokensPerSecond, double certifiedFraction) {
        public double perplexity() { return Math.exp(meanNll); }
    }
}
