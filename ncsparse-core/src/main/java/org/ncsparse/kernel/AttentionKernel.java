package org.ncsparse.kernel;

import org.ncsparse.attention.AttentionRequest;

/**
 * A kernel computes exact or sparse attention (as {@link AttentionRequest#budget()} says) for a
 * block of query rows of one head. It is called concurrently for disjoint (head, rows) blocks, may
 * allocate scratch once per call but never per row, and never materialises an n x n matrix.
 * Every implementation passes the same contract test against {@link ReferenceKernel}.
 */
public interface AttentionKernel {
    /** Short name used in logs and benchmarks, e.g. "reference" or "vector512". */
    String name();

    /** Writes output rows [rowStart, rowEnd) of query head {@code head} into {@code out}. */
    void compute(AttentionRequest request, int head, int rowStart, int rowEnd, float[] out);
}
