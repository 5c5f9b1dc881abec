package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BlockSparseCommandTest {

    @Test void keepingEveryBlockHasFullRecall() throws Exception {
        CliRun run = CliRun.of("blocksparse", "--n", "256", "--d", "16", "--block", "32", "--blocks", "fixed:1000",
                "--reps", "1", "--recall-rows", "8", "--causal", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertThat(rows).hasSize(3);
        for (JsonNode r : rows) {
            assertThat(r.get("keptFraction").asDouble()).isEqualTo(1.0);
            assertThat(r.get("minMassRecall").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test void sparseSelectionReportsItsRecall() throws Exception {
        CliRun run = CliRun.of("blocksparse", "--n", "1024", "--d", "16", "--block", "32", "--blocks", "fixed:4",
                "--reps", "1", "--recall-rows", "16", "--workload", "drift", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(run.out()).get(0);
        assertThat(r.get("keptFraction").asDouble()).isLessThan(0.3);
        assertThat(r.get("meanMassRecall").asDouble()).isBetween(0.0, 1.0);
    }

    @Test void badArguments() {
        assertThat(CliRun.of("blocksparse", "--local", "0").err()).contains("localBlocks must be >= 1");
        assertThat(CliRun.of("blocksparse", "--blocks", "mass:0.1").err()).contains("--blocks must be a count budget");
        assertThat(CliRun.of("blocksparse", "--workload", "x").err()).contains("--workload must be one of");
    }
}
