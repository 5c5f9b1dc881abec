package org.ncsparse.cache;

import java.util.Arrays;

/**
 * A KV cache for decoding, split per kv head into pages of {@code pageSize} consecutive tokens. Each
 * page keeps its keys transposed, [d][pageSize] (so the logits of a whole page are d broadcast FMAs
 * over pageSize lanes, with no horizontal sums), its values [pageSize][dv], and a summary: the
 * per-dimension minimum and maximum of its keys. The summary bounds every logit in the page from
 * above, for any query q: q.k &le; sum_c max(q_c min_c, q_c max_c) — what page selection reads
 * instead of the keys. Appending a token updates its page's summary in O(d).
 *
 * <p>Not thread-safe for appends; concurrent readers are fine between appends.
 */
public final class PagedKvCache {
    private final int kvHeads, d, dv, pageSize;
    private float[][][] keyPages, valuePages; // [head][page][d * pageSize (transposed) | pageSize * dv]
    private float[][] pageMin, pageMax;         // [head][page * d + c]
    private int tokens;

    public PagedKvCache(int kvHeads, int d, int dv, int pageSize) {
        if (kvHeads < 1) throw new IllegalArgumentException("kvHeads must be >= 1, got " + kvHeads);
        if (d < 1) throw new IllegalArgumentException("d must be >= 1, got " + d);
        if (dv < 1) throw new IllegalArgumentException("dv must be >= 1, got " + dv);
        if (pageSize < 1 || pageSize > 4096) throw new IllegalArgumentException("pageSize must be in [1, 4096], got " + pageSize);
        this.kvHeads = kvHeads; this.d = d; this.dv = dv; this.pageSize = pageSize;
        keyPages = new float[kvHeads][16][];
        valuePages = new float[kvHeads][16][];
        pageMin = new float[kvHeads][16 * d];
        pageMax = new float[kvHeads][16 * d];
    }

    /**
     * A cache holding the dense K [kvHeads][n][d] and V [kvHeads][n][dv] (row-major), as if every
     * token had been appended in order.
     */
    public static PagedKvCache of(float[] k, float[] v, int kvHeads, int n, int d, int dv, int pageSize) {
        if (k == null || k.length != (long) kvHeads * n * d)
            throw new IllegalArgumentException("k must have kvHeads*n*d = " + (long) kvHeads * n * d + " elements, got " + (k == null ? "null" : k.length));
        if (v == null || v.length != (long) kvHeads * n * dv)
            throw new IllegalArgumentException("v must have kvHeads*n*dv = " + (long) kvHeads * n * dv + " elements, got " + (v == null ? "null" : v.length));
        PagedKvCache cache = new PagedKvCache(kvHeads, d, dv, pageSize);
        float[] kt = new float[kvHeads * d], vt = new float[kvHeads * dv];
        for (int j = 0; j < n; j++) {
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(k, (h * n + j) * d, kt, h * d, d);
                System.arraycopy(v, (h * n + j) * dv, vt, h * dv, dv);
            }
            cache.append(kt, vt);
        }
        return cache;
    }

    /** Appends one token: {@code key} is [kvHeads][d], {@code value} is [kvHeads][dv]. Rejects non-finite values. */
    public void append(float[] key, float[] value) {
        if (key == null || key.length != kvHeads * d)
            throw new IllegalArgumentException("key must have kvHeads*d = " + kvHeads * d + " elements, got " + (key == null ? "null" : key.length));
        if (value == null || value.length != kvHeads * dv)
            throw new IllegalArgumentException("value must have kvHeads*dv = " + kvHeads * dv + " elements, got " + (value == null ? "null" : value.length));
        for (int i = 0; i < key.length; i++) if (!Float.isFinite(key[i])) throw new IllegalArgumentException("key[" + i + "] is " + key[i] + "; keys must be finite");
        for (int i = 0; i < value.length; i++) if (!Float.isFinite(value[i])) throw new IllegalArgumentException("value[" + i + "] is " + value[i] + "; values must be finite");
        int page = tokens / pageSize, slot = tokens % pageSize;
        if (slot == 0) openPage(page);
        for (int h = 0; h < kvHeads; h++) {
            float[] kp = keyPages[h][page];
            for (int c = 0; c < d; c++) kp[c * pageSize + slot] = key[h * d + c];
            System.arraycopy(value, h * dv, valuePages[h][page], slot * dv, dv);
            float[] mn = pageMin[h], mx = pageMax[h];
            for (int c = 0, o = page * d; c < d; c++) {
                float x = key[h * d + c];
                if (slot == 0 || x < mn[o + c]) mn[o + c] = x;
                if (slot == 0 || x > mx[o + c]) mx[o + c] = x;
            }
        }
        tokens++;
    }

    private void openPage(int page) {
        if (page == keyPages[0].length) {
            int cap = page * 2;
            for (int h = 0; h < kvHeads; h++) {
                keyPages[h] = Arrays.copyOf(keyPages[h], cap);
                valuePages[h] = Arrays.copyOf(valuePages[h], cap);
                pageMin[h] = Arrays.copyOf(pageMin[h], cap * d);
                pageMax[h] = Arrays.copyOf(pageMax[h], cap * d);
            }
        }
        for (int h = 0; h < kvHeads; h++) {
            keyPages[h][page] = new float[pageSize * d];
            valuePages[h][page] = new float[pageSize * dv];
        }
    }

    /**
     * Drops the tokens from position {@code length} on (0 ≤ length ≤ {@link #tokens()}), as if only
     * the first {@code length} had been appended: pages past the last kept token are released, the
     * last kept page's dropped slots are zeroed and its summary is recomputed from its keys (O(d·pageSize)).
     */
    public void truncate(int length) {
        if (length < 0 || length > tokens) throw new IllegalArgumentException("length must be in [0, " + tokens + "], got " + length);
        if (length == tokens) return;
        int keep = (length + pageSize - 1) / pageSize, pages = pages();
        for (int h = 0; h < kvHeads; h++) {
            for (int p = keep; p < pages; p++) { keyPages[h][p] = null; valuePages[h][p] = null; }
            int slots = length - (keep - 1) * pageSize;
            if (keep == 0 || slots == pageSize) continue;
            float[] kp = keyPages[h][keep - 1], mn = pageMin[h], mx = pageMax[h];
            for (int c = 0, o = (keep - 1) * d; c < d; c++) {
                Arrays.fill(kp, c * pageSize + slots, (c + 1) * pageSize, 0f);
                float lo = kp[c * pageSize], hi = lo;
                for (int s = 1; s < slots; s++) { float x = kp[c * pageSize + s]; if (x < lo) lo = x; if (x > hi) hi = x; } // append's rule
                mn[o + c] = lo;
                mx[o + c] = hi;
            }
            Arrays.fill(valuePages[h][keep - 1], slots * dv, pageSize * dv, 0f);
        }
        tokens = length;
    }

    public int tokens() { return tokens; }
    public int kvHeads() { return kvHeads; }
    public int d() { return d; }
    public int dv() { return dv; }
    public int pageSize() { return pageSize; }
    /** Key (token {@code j}, dimension {@code c}) of a kv head. */
    public float key(int kvHead, int j, int c) { return keyPages[kvHead][j / pageSize][c * pageSize + j % pageSize]; }

    public int pages() { return (tokens + pageSize - 1) / pageSize; }

    /** Tokens stored in page {@code page} (pageSize except possibly the last). */
    public int pageLength(int page) { return Math.min(pageSize, tokens - page * pageSize); }

    /** Keys of one page, transposed: element (slot s, dim c) at c * pageSize + s; slots past {@link #pageLength} are 0. Read-only by contract. */
    public float[] keyPage(int kvHead, int page) { return keyPages[kvHead][page]; }

    /** Values of one page, [pageSize][dv]. Read-only by contract. */
    public float[] valuePage(int kvHead, int page) { return valuePages[kvHead][page]; }

    /** Per-dimension key minima of every page of a head: [pages][d] (the array may be longer). */
    public float[] pageMin(int kvHead) { return pageMin[kvHead]; }

    /** Per-dimension key maxima of every page of a head: [pages][d]. */
    public float[] pageMax(int kvHead) { return pageMax[kvHead]; }
}
