package org.ncsparse.decode;

/** Blocks in decreasing order of their logit upper bound: a max-heap built in O(blocks), popped lazily. */
final class BoundHeap {
    private float[] bound = new float[0];
    private int[] heap = new int[0];
    private int size;

    /** The bounds to order by (indexed by block); call before {@link #build}. */
    void bounds(float[] b) { bound = b; }

    /** Heapifies blocks from..to-1 by bound[block]. */
    void build(int from, int to) {
        size = Math.max(0, to - from);
        if (heap.length < size) heap = new int[Math.max(size, 2 * heap.length)];
        for (int i = 0; i < size; i++) heap[i] = from + i;
        for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
    }

    boolean isEmpty() { return size == 0; }

    /** Blocks not popped yet, in heap order: block(0..remaining()). */
    int remaining() { return size; }
    int block(int i) { return heap[i]; }

    /** The largest remaining bound (caller checks isEmpty). */
    float peekBound() { return bound[heap[0]]; }

    int pop() {
        int top = heap[0];
        heap[0] = heap[--size];
        siftDown(0);
        return top;
    }

    private void siftDown(int i) {
        for (int c; (c = 2 * i + 1) < size; i = c) {
            if (c + 1 < size && bound[heap[c + 1]] > bound[heap[c]]) c++;
            if (bound[heap[c]] <= bound[heap[i]]) return;
            int t = heap[i]; heap[i] = heap[c]; heap[c] = t;
        }
    }
}
