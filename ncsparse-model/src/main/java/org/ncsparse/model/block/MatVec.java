package org.ncsparse.model.block;

import org.ncsparse.exec.ParallelRunner;
import org.ncsparse.model.tensor.WeightMatrix;

/**
 * y = W·x for one or several matrices sharing the input x (q/k/v, gate/up), with the output rows of
 * all of them split into contiguous chunks over the shared pool. A decode step is memory-bound: every
 * weight byte is read once, so the rows are cut into about two chunks per thread, aligned to 16 rows.
 */
public final class MatVec {
    private static final int MIN_ROWS_PER_TASK = 64;
    private MatVec() {}

    /** y = w·x on up to {@code threads} threads. */
    public static void apply(WeightMatrix w, float[] x, float[] y, int threads) {
        if (threads <= 1 || w.rows() < 2 * MIN_ROWS_PER_TASK) { w.matVec(x, 0, y, 0, 0, w.rows()); return; }
        int tasks = Math.min(2 * threads, w.rows() / MIN_ROWS_PER_TASK);
        ParallelRunner.forEach(tasks, threads, t -> w.matVec(x, 0, y, 0, bound(w.rows(), t, tasks), bound(w.rows(), t + 1, tasks)));
    }

    /** ys[i] = ws[i]·x for every i, the rows of all matrices shared among up to {@code threads} threads. */
    public static void apply(WeightMatrix[] ws, float[] x, float[][] ys, int threads) {
        long total = 0;
        for (WeightMatrix w : ws) total += w.rows();
        if (threads <= 1 || total < 2 * MIN_ROWS_PER_TASK) {
            for (int i = 0; i < ws.length; i++) ws[i].matVec(x, 0, ys[i], 0, 0, ws[i].rows());
            return;
        }
        int rows = (int) total, tasks = (int) Math.min(2L * threads, total / MIN_ROWS_PER_TASK);
        ParallelRunner.forEach(tasks, threads, t -> {
            int from = bound(rows, t, tasks), to = bound(rows, t + 1, tasks);
            for (int i = 0, start = 0; i < ws.length && start < to; start += ws[i].rows(), i++) {
                int lo = Math.max(from, start) - start, hi = Math.min(to, start + ws[i].rows()) - start;
                if (lo < hi) ws[i].matVec(x, 0, ys[i], 0, lo, hi);
            }
        });
    }

    /** Start row of chunk t of {@code tasks} over {@code rows} rows, a multiple of 16 (except the end). */
    private static int bound(int rows, int t, int tasks) {
        if (t >= tasks) return rows;
        return Math.min(rows, (int) ((long) rows * t / tasks) & ~15);
    }
}
