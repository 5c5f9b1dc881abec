package org.ncsparse.decode;

/**
 * How far page selection may go beyond the budget. Pages are visited in decreasing order of their
 * logit upper bound; the scan stops as soon as the k-th best logit found is at least the next
 * page's bound (then the kept set is provably the exact top-k: "certified"), or when
 * {@code oversample * k} keys (at least {@code minPages} pages) have been scored.
 *
 * @param oversample keys scored per kept key at most, &ge; 1 (e.g. 4)
 * @param minPages   pages always scored (their bounds are the largest)
 */
public record PageSelection(double oversample, int minPages) {
    public PageSelection {
        if (!(oversample >= 1) || Double.isInfinite(oversample))
            throw new IllegalArgumentException("oversample must be a finite number >= 1, got " + oversample);
        if (minPages < 1) throw new IllegalArgumentException("minPages must be >= 1, got " + minPages);
    }

    /** Scan at most 4k keys, at least 2 pages. */
    public static PageSelection defaults() { return new PageSelection(4, 2); }
}
