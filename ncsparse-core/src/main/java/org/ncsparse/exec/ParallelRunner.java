package org.ncsparse.exec;

import java.util.concurrent.atomic.AtomicInteger;
import org.ncsparse.attention.AttentionRequest;

/**
 * Splits a request into (head, query-row block) tasks and runs them on one shared pool of daemon
 * threads ({@link HelperPool}), with at most {@link AttentionRequest#threads()} workers per call.
 * The calling thread is one of the workers, so threads = 1 runs inline.
 */
public final class ParallelRunner {
    private ParallelRunner() {}

    /** Work item: rows [rowStart, rowEnd) of one head. */
    @FunctionalInterface
    public interface RowBlockTask { void run(int head, int rowStart, int rowEnd); }

    /**
     * Rows per task: enough tasks to balance the threads (about 4 per thread), blocks of at most
     * {@link #MAX_BLOCK_ROWS} rows, rounded up to a multiple of 16 from 8 rows on, so SIMD kernels that
     * put query rows in vector lanes (16 floats at 512 bits) get full vectors.
     */
    static int blockRows(int heads, int m, int threads) {
        int perHeadTarget = Math.max(1, (4 * threads + heads - 1) / heads);
        int b = Math.max(1, Math.min(MAX_BLOCK_ROWS, (m + perHeadTarget - 1) / perHeadTarget));
        return b >= 8 ? Math.min(MAX_BLOCK_ROWS, (b + 15) / 16 * 16) : b;
    }

    /**
     * Largest row block per task: eight 64-row tiles, so a kernel can share each pass over K and V
     * among several query tiles (the dense SIMD kernel does; K and V then stream from memory up to 8
     * times less often once they outgrow L2).
     */
    public static final int MAX_BLOCK_ROWS = 512;

    public static void forEachRowBlock(AttentionRequest r, RowBlockTask task) {
        int heads = r.queryHeads(), m = r.m();
        int block = blockRows(heads, m, r.threads());
        int blocksPerHead = (m + block - 1) / block;
        int tasks = heads * blocksPerHead;
        boolean causal = r.causal();
        forEach(tasks, r.threads(), i -> {
            // causal: row i sees i + 1 keys, so later blocks cost more; handing them out first
            // (largest first) keeps the threads finishing together
            int t = causal ? tasks - 1 - i : i;
            int head = t / blocksPerHead, r0 = (t % blocksPerHead) * block;
            task.run(head, r0, Math.min(m, r0 + block));
        });
    }

    /**
     * Runs task(0) .. task(tasks - 1) on at most {@code threads} workers (the caller is one of them),
     * handing out indices in order; rethrows the first failure after every started task has ended.
     * The caller waits for the tasks, not for the helpers: a helper that wakes up after the caller
     * has claimed every index finds none left and touches nothing, so a short call (a few tens of
     * microseconds, e.g. one layer norm of a small encoder) never waits for a pool thread's wake-up.
     */
    public static void forEach(int tasks, int threads, java.util.function.IntConsumer task) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        int helpers = Math.min(threads, tasks) - 1;
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) task.accept(t);
            return;
        }
        Batch batch = new Batch(tasks, task, Thread.currentThread());
        HelperPool.post(batch::work, helpers);
        batch.work();
        batch.awaitAll();
        Throwable f = batch.failure;
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error e) throw e;
    }

    /** One forEach call's shared state: the next index, how many claimed indices have ended, the first failure. */
    private static final class Batch {
        final int tasks;
        final java.util.function.IntConsumer task;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), ended = new AtomicInteger();
        volatile Throwable failure;

        Batch(int tasks, java.util.function.IntConsumer task, Thread caller) { this.tasks = tasks; this.task = task; this.caller = caller; }

        void work() {
            for (int t; (t = next.getAndIncrement()) < tasks; ) {
                try {
                    task.accept(t);
                } catch (RuntimeException | Error e) {
                    synchronized (this) { if (failure == null) failure = e; }
                    int unclaimed = tasks - Math.min(tasks, next.getAndSet(tasks)); // nobody will run these: count them as ended
                    if (unclaimed > 0) end(unclaimed);
                }
                end(1);
            }
        }

        private void end(int count) {
            if (ended.addAndGet(count) == tasks) java.util.concurrent.locks.LockSupport.unpark(caller);
        }

        /** Until every index has ended: a short spin (tasks of a few microseconds), then parking. */
        void awaitAll() {
            for (int spin = 0; ended.get() < tasks && spin < 2_000; spin++) Thread.onSpinWait();
            boolean interrupted = false;
            while (ended.get() < tasks) {
                java.util.concurrent.locks.LockSupport.park(this);
                if (Thread.interrupted()) interrupted = true;
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
