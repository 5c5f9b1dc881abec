package org.ncsparse.decode;

/**
 * The k best (logit, key) pairs seen so far: a binary min-heap on (logit, -key), so the root is the
 * entry to evict first — the smallest logit, and among equal logits the higher key index (ties go
 * to the lower index, as in exact top-k).
 */
final class TopKHeap {
    private final float[] logit;
    private final int[] key;
    private int size, k;

    TopKHeap(int capacity) {
        logit = new float[capacity];
        key = new int[capacity];
    }

    void reset(int k) { this.k = k; size = 0; }

    int capacity() { return key.length; }

    int size() { return size; }
    boolean full() { return size == k; }

    /** The smallest kept logit (the k-th best when full). */
    float min() { return logit[0]; }

    float logitAt(int i) { return logit[i]; }
    int keyAt(int i) { return key[i]; }

    void offer(float l, int j) {
        if (size < k) siftUp(size++, l, j);
        else if (worse(logit[0], key[0], l, j)) siftDown(l, j);
    }

    /** True when (la, ja) ranks below (lb, jb). */
    private static boolean worse(float la, int ja, float lb, int jb) { return la < lb || (la == lb && ja > jb); }

    /** Places (l, j) at the hole i or above it: every parent ranking above (l, j) moves down a level (one write per level, no swaps). */
    private void siftUp(int i, float l, int j) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!worse(l, j, logit[p], key[p])) break;
            logit[i] = logit[p]; key[i] = key[p];
            i = p;
        }
        logit[i] = l; key[i] = j;
    }

    /** Replaces the root by (l, j): the hole moves down past every child that ranks below (l, j). */
    private void siftDown(float l, int j) {
        int i = 0;
        for (int c; (c = 2 * i + 1) < size; i = c) {
            if (c + 1 < size && worse(logit[c + 1], key[c + 1], logit[c], key[c])) c++;
            if (!worse(logit[c], key[c], l, j)) break;
            logit[i] = logit[c]; key[i] = key[c];
        }
        logit[i] = l; key[i] = j;
    }
}
