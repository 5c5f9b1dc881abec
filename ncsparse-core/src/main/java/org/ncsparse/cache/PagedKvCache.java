package org.ncsparse.cache;

import java.util.Arrays;

/**
 * A KV cache for decoding, split per kv head into pages of {@code pageSize} consecutive tokens. Each
 * page keeps its keys transposed, [d][pageSize] (so the logits of a whole page are d broadcast FMAs
 * over pageSize lanes, with no horizontal sums) and its values [pageSize][dv].
 *
 * <p>Elements are stored as {@link KvStorage} F32 ({@code float[]} pages, {@link #keyPage}) or as
 * 16-bit F16/BF16 patterns ({@code short[]} pages, {@link #keyPageBits}), rounded to nearest even on
 * append.
 *
 * <p>Independently of the page size, the cache keeps <b>block summaries</b>: the per-dimension
 * minimum and maximum of the stored (rounded) keys over blocks of {@link #blockSize()} consecutive
 * tokens (the largest divisor of pageSize not above {@link #MAX_BLOCK}), the unit page selection ranks
 * and scores. A summary bounds every logit of its block from above, for any query q:
 * q.k &le; U_b(q) = sum_c max(q_c min_c, q_c max_c) = sum_c max(q_c,0) max_c + min(q_c,0) min_c.
 * They are stored transposed in groups of {@link #SUMMARY_GROUP} blocks, [2d][SUMMARY_GROUP] (rows
 * 0..d-1 the maxima, rows d..2d-1 the minima), so the bounds of a whole group are 2d broadcast FMAs.
 * Appending a token updates its block's summary in O(d).
 *
 * <p>Not thread-safe for appends; concurrent readers are fine between appends.
 */
public final class PagedKvCache {
    /**
     * Largest number of tokens per summary block. 32 is the measured compromise: 16-token summaries
     * rank slightly better on synthetic caches but are twice the bytes every page-selected step reads
     * (docs/DECODE.md, "Choosing the defaults").
     */
    public static final int MAX_BLOCK = 32;
    /** Blocks per transposed summary array ({@link #blockSummary}). */
    public static final int SUMMARY_GROUP = 64;

    private final int kvHeads, d, dv, pageSize, blockSize;
    private final KvStorage storage;
    private float[][][] keyPages, valuePages; // F32: [head][page][d * pageSize (transposed) | pageSize * dv]
    private short[][][] keyBits, valueBits;   // F16/BF16: same layout, 16-bit patterns
    private float[][][] blockSummaries;       // [head][group][2d * SUMMARY_GROUP]: row c max_c, row d + c min_c
    private final float[] rounded;            // one head's key of the token being appended, as stored: [d]
    private int tokens;

    /** An F32 cache. */
    public PagedKvCache(int kvHeads, int d, int dv, int pageSize) { this(kvHeads, d, dv, pageSize, KvStorage.F32); }

    public PagedKvCache(int kvHeads, int d, int dv, int pageSize, KvStorage storage) {
        if (kvHeads < 1) throw new IllegalArgumentException("kvHeads must be >= 1, got " + kvHeads);
        if (d < 1) throw new IllegalArgumentException("d must be >= 1, got " + d);
        if (dv < 1) throw new IllegalArgumentException("dv must be >= 1, got " + dv);
        if (pageSize < 1 || pageSize > 4096) throw new IllegalArgumentException("pageSize must be in [1, 4096], got " + pageSize);
        if (storage == null) throw new IllegalArgumentException("storage must be one of F32, F16, BF16, got null");
        this.kvHeads = kvHeads; this.d = d; this.dv = dv; this.pageSize = pageSize; this.storage = storage;
        if (storage.half()) { keyBits = new short[kvHeads][16][]; valueBits = new short[kvHeads][16][]; }
        else { keyPages = new float[kvHeads][16][]; valuePages = new float[kvHeads][16][]; }
        blockSummaries = new float[kvHeads][4][];
        blockSize = blockSizeFor(pageSize);
        rounded = new float[d];
    }

    /**
     * An F32 cache holding the dense K [kvHeads][n][d] and V [kvHeads][n][dv] (row-major), as if every
     * token had been appended in order.
     */
    public static PagedKvCache of(float[] k, float[] v, int kvHeads, int n, int d, int dv, int pageSize) {
        return of(k, v, kvHeads, n, d, dv, pageSize, KvStorage.F32);
    }

    /** As {@link #of(float[], float[], int, int, int, int, int)}, stored as {@code storage}. */
    public static PagedKvCache of(float[] k, float[] v, int kvHeads, int n, int d, int dv, int pageSize, KvStorage storage) {
        if (k == null || k.length != (long) kvHeads * n * d)
            throw new IllegalArgumentException("k must have kvHeads*n*d = " + (long) kvHeads * n * d + " elements, got " + (k == null ? "null" : k.length));
        if (v == null || v.length != (long) kvHeads * n * dv)
            throw new IllegalArgumentException("v must have kvHeads*n*dv = " + (long) kvHeads * n * dv + " elements, got " + (v == null ? "null" : v.length));
        PagedKvCache cache = new PagedKvCache(kvHeads, d, dv, pageSize, storage);
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

    /**
     * Appends one token: {@code key} is [kvHeads][d], {@code value} is [kvHeads][dv]. Rejects non-finite
     * values, and (F16) values beyond the type's range; a rejected token leaves the cache unchanged.
     */
    public void append(float[] key, float[] value) {
        if (key == null || key.length != kvHeads * d)
            throw new IllegalArgumentException("key must have kvHeads*d = " + kvHeads * d + " elements, got " + (key == null ? "null" : key.length));
        if (value == null || value.length != kvHeads * dv)
            throw new IllegalArgumentException("value must have kvHeads*dv = " + kvHeads * dv + " elements, got " + (value == null ? "null" : value.length));
        checkStorable("key", key);
        checkStorable("value", value);
        int page = tokens / pageSize, slot = tokens % pageSize;
        if (slot == 0) openPage(page);
        for (int h = 0; h < kvHeads; h++) {
            float[] k = roundedHead(key, h * d);
            if (storage.half()) {
                short[] kp = keyBits[h][page], vp = valueBits[h][page];
                for (int c = 0; c < d; c++) kp[c * pageSize + slot] = storage.encode(k[c]);
                for (int c = 0, o = slot * dv; c < dv; c++) vp[o + c] = storage.encode(value[h * dv + c]);
            } else {
                float[] kp = keyPages[h][page];
                for (int c = 0; c < d; c++) kp[c * pageSize + slot] = k[c];
                System.arraycopy(value, h * dv, valuePages[h][page], slot * dv, dv);
            }
            summariseInBlock(h, k);
        }
        tokens++;
    }

    /** Folds one head's stored key k of token {@code tokens} into its block's summary (opening the group when needed). */
    private void summariseInBlock(int h, float[] k) {
        int block = tokens / blockSize, group = block / SUMMARY_GROUP, col = block % SUMMARY_GROUP, G = SUMMARY_GROUP;
        boolean first = tokens % blockSize == 0;
        if (first && col == 0) {
            if (group == blockSummaries[h].length) blockSummaries[h] = Arrays.copyOf(blockSummaries[h], 2 * group);
            blockSummaries[h][group] = new float[2 * d * G];
        }
        float[] t = blockSummaries[h][group];
        for (int c = 0; c < d; c++) {
            float x = k[c];
            int hi = c * G + col, lo = (d + c) * G + col;
            if (first || x > t[hi]) t[hi] = x;
            if (first || x < t[lo]) t[lo] = x;
        }
    }

    /** Rejects non-finite elements and those the storage type rounds to infinity (F16 beyond 65504). */
    private void checkStorable(String name, float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) throw new IllegalArgumentException(name + "[" + i + "] is " + x[i] + "; " + name + "s must be finite");
            if (storage.half() && !Float.isFinite(storage.round(x[i])))
                throw new IllegalArgumentException(name + "[" + i + "] = " + x[i] + " overflows the " + storage
                        + " KV cache (it rounds to infinity); use BF16 or F32");
        }
    }

    /** The d key elements at key[off..] as stored (rounded for half types), in a scratch row. */
    private float[] roundedHead(float[] key, int off) {
        for (int c = 0; c < d; c++) rounded[c] = storage.round(key[off + c]);
        return rounded;
    }

    private void openPage(int page) {
        int capacity = storage.half() ? keyBits[0].length : keyPages[0].length;
        if (page == capacity) {
            int cap = page * 2;
            for (int h = 0; h < kvHeads; h++) {
                if (storage.half()) { keyBits[h] = Arrays.copyOf(keyBits[h], cap); valueBits[h] = Arrays.copyOf(valueBits[h], cap); }
                else { keyPages[h] = Arrays.copyOf(keyPages[h], cap); valuePages[h] = Arrays.copyOf(valuePages[h], cap); }
            }
        }
        for (int h = 0; h < kvHeads; h++) {
            if (storage.half()) { keyBits[h][page] = new short[pageSize * d]; valueBits[h][page] = new short[pageSize * dv]; }
            else { keyPages[h][page] = new float[pageSize * d]; valuePages[h][page] = new float[pageSize * dv]; }
        }
    }

    /**
     * Drops the tokens from position {@code length} on (0 ≤ length ≤ {@link #tokens()}), as if only
     * the first {@code length} had been appended: pages past the last kept token are released, the
     * last kept page's dropped slots are zeroed, the last kept block's summary is recomputed from its
     * keys (O(d·blockSize)) and the summary columns of dropped blocks are zeroed.
     */
    public void truncate(int length) {
        if (length < 0 || length > tokens) throw new IllegalArgumentException("length must be in [0, " + tokens + "], got " + length);
        if (length == tokens) return;
        int keep = (length + pageSize - 1) / pageSize, pages = pages();
        for (int h = 0; h < kvHeads; h++) {
            for (int p = keep; p < pages; p++) {
                if (storage.half()) { keyBits[h][p] = null; valueBits[h][p] = null; }
                else { keyPages[h][p] = null; valuePages[h][p] = null; }
            }
            int slots = length - (keep - 1) * pageSize, last = keep - 1;
            if (keep == 0 || slots == pageSize) continue;
            for (int c = 0; c < d; c++) {
                int from = c * pageSize;
                if (storage.half()) Arrays.fill(keyBits[h][last], from + slots, from + pageSize, (short) 0); // bits 0 = +0.0
                else Arrays.fill(keyPages[h][last], from + slots, from + pageSize, 0f);
            }
            if (storage.half()) Arrays.fill(valueBits[h][last], slots * dv, pageSize * dv, (short) 0);
            else Arrays.fill(valuePages[h][last], slots * dv, pageSize * dv, 0f);
        }
        for (int h = 0; h < kvHeads; h++) truncateBlockSummaries(h, length);
        tokens = length;
    }

    /**
     * The block summaries of a head as appending the first {@code length} tokens leaves them: groups
     * past the last kept block released, the columns of dropped blocks in its group zeroed, and the
     * last kept block's column recomputed from its stored keys when it lost tokens.
     */
    private void truncateBlockSummaries(int h, int length) {
        int G = SUMMARY_GROUP, blocks = (length + blockSize - 1) / blockSize, groups = (blocks + G - 1) / G;
        float[][] summaries = blockSummaries[h];
        for (int g = groups; g < summaries.length; g++) summaries[g] = null;
        if (blocks == 0) return;
        float[] t = summaries[groups - 1];
        for (int row = 0; row < 2 * d; row++) Arrays.fill(t, row * G + (blocks - 1) % G + 1, (row + 1) * G, 0f);
        int last = blocks - 1, from = last * blockSize, col = last % G;
        if (length - from == blockSize) return; // the last kept block is whole: its column is unchanged
        for (int c = 0; c < d; c++) {
            float lo = key(h, from, c), hi = lo;
            for (int j = from + 1; j < length; j++) { float x = key(h, j, c); if (x < lo) lo = x; if (x > hi) hi = x; } // append's rule
            t[c * G + col] = hi;
            t[(d + c) * G + col] = lo;
        }
    }

    public int tokens() { return tokens; }
    public int kvHeads() { return kvHeads; }
    public int d() { return d; }
    public int dv() { return dv; }
    public int pageSize() { return pageSize; }
    public KvStorage storage() { return storage; }

    /** Key (token {@code j}, dimension {@code c}) of a kv head, as stored. */
    public float key(int kvHead, int j, int c) {
        int i = c * pageSize + j % pageSize;
        return storage.half() ? storage.decode(keyBits[kvHead][j / pageSize][i]) : keyPages[kvHead][j / pageSize][i];
    }

    /** Value (token {@code j}, dimension {@code c}) of a kv head, as stored. */
    public float value(int kvHead, int j, int c) {
        int i = (j % pageSize) * dv + c;
        return storage.half() ? storage.decode(valueBits[kvHead][j / pageSize][i]) : valuePages[kvHead][j / pageSize][i];
    }

    public int pages() { return (tokens + pageSize - 1) / pageSize; }

    /** Tokens stored in page {@code page} (pageSize except possibly the last). */
    public int pageLength(int page) { return Math.min(pageSize, tokens - page * pageSize); }

    /**
     * Keys of one page of an F32 cache, transposed: element (slot s, dim c) at c * pageSize + s; slots
     * past {@link #pageLength} are 0. Read-only by contract.
     */
    public float[] keyPage(int kvHead, int page) { return keyPages(kvHead)[page]; }

    /** Values of one page of an F32 cache, [pageSize][dv]. Read-only by contract. */
    public float[] valuePage(int kvHead, int page) { return valuePages(kvHead)[page]; }

    /** Keys of one page of an F16/BF16 cache as 16-bit patterns, laid out as {@link #keyPage}. Read-only by contract. */
    public short[] keyPageBits(int kvHead, int page) { return halfPages(keyBits, "keyPageBits")[kvHead][page]; }

    /** Values of one page of an F16/BF16 cache as 16-bit patterns, [pageSize][dv]. Read-only by contract. */
    public short[] valuePageBits(int kvHead, int page) { return halfPages(valueBits, "valuePageBits")[kvHead][page]; }

    /**
     * The keys of a page in float32 for any storage: the page itself for F32, else decoded into
     * {@code scratch} (at least d * pageSize floats), which is returned. Same layout as {@link #keyPage}.
     */
    public float[] keyPageFloats(int kvHead, int page, float[] scratch) {
        if (!storage.half()) return keyPages[kvHead][page];
        return decodeInto(keyBits[kvHead][page], scratch, d * pageSize, "scratch");
    }

    /** The values of a page in float32 for any storage, as {@link #keyPageFloats}: [pageSize][dv]. */
    public float[] valuePageFloats(int kvHead, int page, float[] scratch) {
        if (!storage.half()) return valuePages[kvHead][page];
        return decodeInto(valueBits[kvHead][page], scratch, dv * pageSize, "scratch");
    }

    private float[] decodeInto(short[] bits, float[] scratch, int n, String name) {
        if (scratch == null || scratch.length < n)
            throw new IllegalArgumentException(name + " must hold at least " + n + " floats, got " + (scratch == null ? "null" : scratch.length));
        for (int i = 0; i < n; i++) scratch[i] = storage.decode(bits[i]);
        return scratch;
    }

    private float[][] keyPages(int kvHead) {
        if (storage.half()) throw new IllegalStateException("this cache stores " + storage + "; read keyPageBits or keyPageFloats");
        return keyPages[kvHead];
    }

    private float[][] valuePages(int kvHead) {
        if (storage.half()) throw new IllegalStateException("this cache stores " + storage + "; read valuePageBits or valuePageFloats");
        return valuePages[kvHead];
    }

    private short[][][] halfPages(short[][][] pages, String method) {
        if (!storage.half()) throw new IllegalStateException(method + " needs an F16 or BF16 cache; this one stores F32 (read keyPage/valuePage)");
        return pages;
    }

    /** Tokens per summary block: the largest divisor of pageSize not above {@link #MAX_BLOCK}. */
    public int blockSize() { return blockSize; }

    /** Summary blocks holding tokens. */
    public int blocks() { return (tokens + blockSize - 1) / blockSize; }

    /** Tokens in block {@code block} (blockSize except possibly the last). */
    public int blockLength(int block) { return Math.min(blockSize, tokens - block * blockSize); }

    /**
     * Summaries of blocks group * SUMMARY_GROUP .. of a kv head, transposed: the maximum of dimension c
     * over block (group * SUMMARY_GROUP + g) at c * SUMMARY_GROUP + g, its minimum at (d + c) * SUMMARY_GROUP + g
     * (columns past {@link #blocks()} are 0). Read-only by contract.
     */
    public float[] blockSummary(int kvHead, int group) { return blockSummaries[kvHead][group]; }

    /** Tokens per summary block for a page size: its largest divisor not above {@link #MAX_BLOCK}. */
    public static int blockSizeFor(int pageSize) {
        int b = Math.min(MAX_BLOCK, pageSize);
        while (pageSize % b != 0) b--;
        return b;
    }

    /** Bytes of the pages opened so far (keys, values and block summaries; array headers not counted). */
    public long bytes() { return bytes(kvHeads, d, dv, pageSize, storage, tokens); }

    /** {@link #bytes()} of a cache of this shape holding {@code tokens} tokens. */
    public static long bytes(int kvHeads, int d, int dv, int pageSize, KvStorage storage, long tokens) {
        long pagesOpen = (tokens + pageSize - 1) / pageSize, blocks = (tokens + blockSizeFor(pageSize) - 1) / blockSizeFor(pageSize);
        long groups = (blocks + SUMMARY_GROUP - 1) / SUMMARY_GROUP;
        return kvHeads * (pagesOpen * (long) pageSize * (d + dv) * storage.bytes()
                + groups * 2L * d * SUMMARY_GROUP * Float.BYTES);
    }
}
