package org.ncsparse.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopwatchTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stopwatch.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stopwatch.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThatThrownBy(() -> Stopwatch.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interleavedRunsEveryTaskOncePerRoundInOrder() {
        List<String> calls = new ArrayList<>();
        Stopwatch.Stats[] s = Stopwatch.interleaved(List.of(() -> calls.add("a"), () -> calls.add("b")), 0, 3);
        // one warm-up call each, then three rounds a, b
        assertThat(calls).containsExactly("a", "b", "a", "b", "a", "b", "a", "b");
        assertThat(s).hasSize(2);
        for (Stopwatch.Stats x : s) assertThat(x.minMs()).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(x.medianMs());
    }

    @Test
    void refusesNoTasksAndNoRounds() {
        assertThatThrownBy(() -> Stopwatch.interleaved(List.of(), 0, 1)).hasMessageContaining("tasks");
        assertThatThrownBy(() -> Stopwatch.time(() -> {}, 0, 0)).hasMessageContaining("rounds");
    }
}
