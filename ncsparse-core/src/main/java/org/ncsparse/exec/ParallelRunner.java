package org.ncsparse.exec;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.ncsparse.attention.AttentionRequest;

/**
 * Splits a request into (head, query-row block) tasks and runs them on one shared pool of daemon
 * threads, with at most {@link AttentionRequest#threads()} workers per call. The calling thread is
 * one of the workers, so threads = 1 runs inline.
 */
public final class ParallelRunner {
    private ParallelRunner() {}

    /** Work item: rows [rowStart, rowEnd) of one head. */
    @FunctionalInterface
    public interface RowBlockTask { void run(int head, int rowStart, int rowEnd); }

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ncsparse-worker");
        t.setDaemon(true);
        return t;
    });

    /**
     * Rows per task: enough tasks to balance the threads (about 4 per thread), blocks of at most 64
     * rows, rounded up to a multiple of 16 from 8 rows on, so SIMD kernels that put query rows in
     * vector lanes (16 floats at 512 bits) get full vectors.
     */
    static int blockRows(int heads, int m, int threads) {
        int perHeadTarget = Math.max(1, (4 * threads + heads - 1) / heads);
        int b = Math.max(1, Math.min(64, (m + perHeadTarget - 1) / perHeadTarget));
        return b >= 8 ? Math.min(64, (b + 15) / 16 * 16) : b;
    }

    public static void forEachRowBlock(AttentionRequest r, RowBlockTask task) {
        int heads = r.queryHeads(), m = r.m();
        int block = blockRows(heads, m, r.threads());
        int blocksPerHead = (m + block - 1) / block;
        forEach(heads * blocksPerHead, r.threads(), t -> {
            int head = t / blocksPerHead, r0 = (t % blocksPerHead) * block;
            task.run(head, r0, Math.min(m, r0 + block));
        });
    }

    /**
     * Runs task(0) .. task(tasks - 1) on at most {@code threads} workers (the caller is one of them),
     * handing out indices in order; rethrows the first failure after every worker has stopped.
     */
    public static void forEach(int tasks, int threads, java.util.function.IntConsumer task) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int t; (t = next.getAndIncrement()) < tasks; ) task.accept(t);
        };
        int helpers = Math.min(threads, tasks) - 1;
        Future<?>[] futures = new Future<?>[Math.max(0, helpers)];
        for (int i = 0; i < futures.length; i++) futures[i] = POOL.submit(worker);
        RuntimeException failure = null;
        try { worker.run(); } catch (RuntimeException e) { failure = e; next.set(tasks); }
        for (Future<?> f : futures) {
            try { f.get(); }
            catch (ExecutionException e) {
                if (failure == null) failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for attention workers", e);
            }
        }
        if (failure != null) throw failure;
    }
}
