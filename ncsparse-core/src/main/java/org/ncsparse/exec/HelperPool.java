package org.ncsparse.exec;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon threads that help {@link ParallelRunner#forEach} callers. A caller posts one job per
 * helper it wants; helpers take posted jobs in order. A helper without a job spins for
 * {@link #SPIN_NANOS} before it parks, so calls in quick succession (the layers of an encoder, the
 * steps of a decoder) find it running: waking a parked thread takes 10-20 us, about what a 2-thread
 * attention call at n = 1024 spends in one task. A helper parked for a minute without work ends.
 * {@code -Dncsparse.pool.spinMicros=N} sets the spin (0: park at once).
 *
 * <p>Jobs must tolerate running late or never: {@code forEach}'s caller claims every task a helper
 * has not claimed yet, so a job that starts after its call has ended finds nothing left to do.
 */
final class HelperPool {
    private HelperPool() {}

    /** 100 us by default; 0 on a single CPU, where a spinning helper would take the caller's time. */
    static final long SPIN_NANOS = 1000L * Long.getLong("ncsparse.pool.spinMicros", Runtime.getRuntime().availableProcessors() > 1 ? 100L : 0L);
    private static final long IDLE_NANOS = 60_000_000_000L;

    private static final ConcurrentLinkedQueue<Runnable> JOBS = new ConcurrentLinkedQueue<>();
    /** Parked helpers (a helper adds itself before parking and checks for jobs again after). */
    private static final ConcurrentLinkedQueue<Thread> PARKED = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger LIVE = new AtomicInteger();

    /** Posts {@code count} copies of job, starting helpers until {@code count} are alive, and wakes parked ones. */
    static void post(Runnable job, int count) {
        for (int i = 0; i < count; i++) JOBS.offer(job);
        for (int live; (live = LIVE.get()) < count; )
            if (LIVE.compareAndSet(live, live + 1)) start();
        for (int i = 0; i < count; i++) {
            Thread t = PARKED.poll();
            if (t == null) break; // the others are running or spinning: they will take the jobs
            LockSupport.unpark(t);
        }
    }

    /** Helper threads alive now (for tests). */
    static int live() { return LIVE.get(); }

    private static void start() {
        Thread t = new Thread(HelperPool::serve, "ncsparse-worker");
        t.setDaemon(true);
        t.start();
    }

    private static void serve() {
        long idleSince = System.nanoTime();
        while (true) {
            Runnable job = JOBS.poll();
            if (job != null) {
                try {
                    job.run(); // forEach's jobs catch their tasks' failures
                } catch (Throwable t) { // anything else: reported, and the helper stays
                    Thread me = Thread.currentThread();
                    me.getUncaughtExceptionHandler().uncaughtException(me, t);
                }
                idleSince = System.nanoTime();
                continue;
            }
            long idle = System.nanoTime() - idleSince;
            if (idle < SPIN_NANOS) { Thread.onSpinWait(); continue; }
            if (idle >= IDLE_NANOS) {
                LIVE.decrementAndGet();
                if (JOBS.isEmpty()) return;
                LIVE.incrementAndGet(); // a job came in meanwhile: stay for it
                idleSince = System.nanoTime();
                continue;
            }
            Thread me = Thread.currentThread();
            PARKED.offer(me);
            if (JOBS.isEmpty()) LockSupport.parkNanos(HelperPool.class, IDLE_NANOS - idle);
            PARKED.remove(me);
        }
    }
}
