package org.ncsparse.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class HelperPoolTest {
    @Test
    void callsInQuickSuccessionReuseTheHelpersAndTheyDoHelp() {
        int before = HelperPool.live();
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 2000; call++) {
            ParallelRunner.forEach(3, 3, t -> {
                ran.add(Thread.currentThread());
                java.util.concurrent.locks.LockSupport.parkNanos(t == 0 ? 50_000 : 0); // the caller's first task is slow
            });
        }
        // never more helpers than one call asked for (2), whatever ran before in this JVM
        assertThat(HelperPool.live()).isLessThanOrEqualTo(Math.max(before, 2));
        assertThat(ran.stream().filter(t -> t.getName().equals("ncsparse-worker"))).as("helper threads that ran tasks").isNotEmpty();
    }

    @Test
    void concurrentCallersEachGetEveryTaskRunOnce() throws Exception {
        int callers = 4, calls = 300, tasks = 9;
        Thread[] threads = new Thread[callers];
        AtomicIntegerArray[] seen = new AtomicIntegerArray[callers];
        Throwable[] failure = new Throwable[callers];
        for (int c = 0; c < callers; c++) {
            int me = c;
            seen[c] = new AtomicIntegerArray(tasks);
            threads[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < calls; i++) ParallelRunner.forEach(tasks, 2 + me % 2, t -> seen[me].incrementAndGet(t));
                } catch (Throwable t) {
                    failure[me] = t;
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join(60_000);
        for (int c = 0; c < callers; c++) {
            assertThat(failure[c]).as("caller %d", c).isNull();
            for (int t = 0; t < tasks; t++) assertThat(seen[c].get(t)).as("caller %d task %d", c, t).isEqualTo(calls);
        }
    }
}
