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
        if (size < k) {
            int i = size++;
            logit[i] = l; key[i] = j;
            siftUp(i);
        } else if (worse(logit[0], key[0], l, j)) {
            logit[0] = l; key[0] = j;
            siftDown(0);
        }
    }

    /** True when (la, ja) ranks below (lb, jb). */
    private static boolean worse(float la, int ja, float lb, int jb) { return la < lb || (la == lb && ja > jb); }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!worse(logit[i], key[i], logit[p], key[p])) return;
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int i) {
        for (int c; (c = 2 * i + 1) < size; i = c) {
            if (c + 1 < size && worse(logit[c + 1], key[c + 1], logit[c], key[c])) c++;
            if (!worse(logit[c], key[c], logit[i], key[i])) return;
            swap(i, c);
        }
    }

    private void swap(int a, int b) {
        float l = logit[a]; logit[a] = logit[b]; logit[b] = l;
        int j = key[a]; key[a] = key[b]; key[b] = j;
    }
}
