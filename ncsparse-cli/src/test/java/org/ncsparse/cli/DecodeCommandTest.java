package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DecodeCommandTest {

    @Test void smallRunReportsEveryWorkloadWithRecall() throws Exception {
        CliRun run = CliRun.of("decode", "--n", "4096", "--d", "32", "--reps", "2", "--warmup", "0.2", "--page", "16", "--oversample", "1000", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertThat(rows).hasSize(3);
        for (JsonNode r : rows) {
            // an oversample covering the whole cache scores every page: the selection is the exact top-k
            assertThat(r.get("massRecall").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(r.get("certified").asBoolean()).isTrue();
            assertThat(r.get("k").asInt()).isEqualTo(64);
        }
        assertThat(run.err()).contains("ncsparse decode: [1/3]").contains("warming up for 0.2 s");
        assertThat(run.out()).startsWith("[");
    }

    @Test void badArguments() {
        assertThat(CliRun.of("decode", "--workload", "zipf").err()).contains("--workload must be one of");
        assertThat(CliRun.of("decode", "--budget", "mass:0.1").err()).contains("--budget must be a count budget");
        assertThat(CliRun.of("decode", "--oversample", "0.5").err()).contains("oversample must be a finite number >= 1");
        assertThat(CliRun.of("decode", "--warmup", "-1").err()).contains("--warmup must be between 0 and 3600 seconds, got -1.0");
        assertThat(CliRun.of("decode", "--warmup", "NaN").err()).contains("--warmup must be between 0 and 3600 seconds");
    }
}
