package org.ncsparse.decode;

/** Per-worker row buffers of the grouped decode paths (one row per query head of a group), grown on demand. */
final class ScratchRows {
    private ScratchRows() {}

    /**
     * {@code rows} itself when it has at least {@code count} rows of at least {@code length} floats,
     * else a copy with the missing or short rows replaced; rows grow by half again at least, so a
     * cache that gains a token per decode step does not reallocate at every step.
     */
    static float[][] ensure(float[][] rows, int count, int length) {
        float[][] r = rows.length >= count ? rows : java.util.Arrays.copyOf(rows, count);
        for (int g = 0; g < count; g++)
            if (r[g] == null || r[g].length < length) r[g] = new float[Math.max(length, r[g] == null ? 0 : r[g].length + (r[g].length >> 1))];
        return r;
    }
}
