package org.ncsparse.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.AttentionRequest;

class ParallelRunnerTest {
    @Test
    void blocksAreAtMost512RowsAndLaneAligned() {
        assertThat(ParallelRunner.blockRows(1, 4096, 1)).isEqualTo(ParallelRunner.MAX_BLOCK_ROWS).isEqualTo(512);
        assertThat(ParallelRunner.blockRows(1, 4096, 2)).isEqualTo(512);
        assertThat(ParallelRunner.blockRows(8, 4096, 2)).isEqualTo(512);
        assertThat(ParallelRunner.blockRows(1, 1024, 2)).isEqualTo(128);
        assertThat(ParallelRunner.blockRows(1, 100, 2)).isEqualTo(16);
        assertThat(ParallelRunner.blockRows(1, 150, 1)).isEqualTo(48);
        assertThat(ParallelRunner.blockRows(1, 3, 2)).isEqualTo(1);
        assertThat(ParallelRunner.blockRows(1, 30, 2)).isEqualTo(4);
        assertThat(ParallelRunner.blockRows(12, 128, 2)).isEqualTo(128);
    }

    @Test
    void everyRowOfEveryHeadRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3}) {
            for (int m : new int[] {1, 17, 100, 257}) {
                int heads = 3;
                for (boolean causal : new boolean[] {false, true}) { // causal hands the blocks out last first
                    AttentionRequest r = AttentionRequest.builder().query(new float[heads * m], heads, m, 1)
                            .keys(new float[m], 1, m).values(new float[m], 1).causal(causal).threads(threads).build();
                    AtomicIntegerArray seen = new AtomicIntegerArray(heads * m);
                    ParallelRunner.forEachRowBlock(r, (h, r0, r1) -> { for (int i = r0; i < r1; i++) seen.incrementAndGet(h * m + i); });
                    for (int i = 0; i < heads * m; i++) assertThat(seen.get(i)).as("threads=%d m=%d causal=%s cell %d", threads, m, causal, i).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void forEachReturnsOnlyAfterEveryTaskEndedAndRethrowsTheFirstFailure() {
        for (int threads : new int[] {1, 2, 4}) {
            for (int tasks : new int[] {0, 1, 2, 7, 200}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(1, tasks));
                ParallelRunner.forEach(tasks, threads, t -> {
                    if (t % 3 == 0) java.util.concurrent.locks.LockSupport.parkNanos(20_000); // slow tasks finish after the caller's
                    seen.incrementAndGet(t);
                });
                for (int t = 0; t < tasks; t++) assertThat(seen.get(t)).as("threads=%d tasks=%d task %d", threads, tasks, t).isEqualTo(1);
            }
            java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
            int th = threads;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ParallelRunner.forEach(50, th, t -> {
                running.incrementAndGet();
                try {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000);
                    if (t == 5) throw new IllegalArgumentException("task 5 failed");
                } finally {
                    running.decrementAndGet();
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 5 failed");
            assertThat(running.get()).as("tasks still running after forEach threw (threads=%d)", threads).isZero();
        }
    }
}
