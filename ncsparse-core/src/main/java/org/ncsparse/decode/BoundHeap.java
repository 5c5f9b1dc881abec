package org.ncsparse.decode;

/** Pages in decreasing order of their logit upper bound: a max-heap built in O(pages), popped lazily. */
final class BoundHeap {
    private final float[] bound;
    private int[] heap;
    private int size;

    BoundHeap(float[] bound) {
        this.bound = bound;
        heap = new int[0];
    }

    /** Heapifies pages 0..pages-1 by bound[page]. */
    void build(int pages) {
        if (heap.length < pages) heap = new int[pages];
        for (int p = 0; p < pages; p++) heap[p] = p;
        size = pages;
        for (int i = size / 2 - 1; i >= 0; i--) siftDown(i);
    }

    boolean isEmpty() { return size == 0; }

    /** Pages not popped yet, in heap order: page(0..remaining()). */
    int remaining() { return size; }
    int page(int i) { return heap[i]; }

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
