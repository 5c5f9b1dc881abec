package org.ncsparse.model.llm;

/**
 * What a session has measured so far.
 *
 * @param prefillTokens   tokens fed through prefill
 * @param prefillNanos    wall time of prefill
 * @param decodeTokens    tokens fed through {@code step}
 * @param decodeNanos     wall time of decode steps
 * @param attentionNanos  part of the decode time spent in attention (scores, selection, softmax, V)
 * @param certifiedRows   page-selected (layer, head) rows whose result is certified exact top-k
 * @param selectedRows    page-selected (layer, head) rows in all
 */
public record SessionStats(long prefillTokens, long prefillNanos, long decodeTokens, long decodeNanos,
                           long attentionNanos, long certifiedRows, long selectedRows) {
    public double prefillTokensPerSecond() { return prefillNanos == 0 ? 0 : prefillTokens * 1e9 / prefillNanos; }
    public double decodeTokensPerSecond() { return decodeNanos == 0 ? 0 : decodeTokens * 1e9 / decodeNanos; }
    public double attentionShare() { return decodeNanos == 0 ? 0 : (double) attentionNanos / decodeNanos; }
}
