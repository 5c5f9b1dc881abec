package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BudgetCommandTest {

    @Test void powerTableOverARange() {
        CliRun run = CliRun.of("budget", "--n", "1024..16384x4", "--power", "1,0.5");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("policy power:1,0.5").containsPattern("\\s1024\\s+32\\s").containsPattern("\\s16384\\s+128\\s");
    }

    @Test void jsonWithEqualComputePairing() throws Exception {
        CliRun run = CliRun.of("budget", "--n", "1024,4096,16384", "--fixed", "32", "--pair-power", "0.5", "--json");
        assertThat(run.exitCode()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        double alpha = doc.get("pair_alpha_over_grid").asDouble();
        // sum n*alpha*sqrt(n) = sum n*32 over the grid
        double lhs = 0, rhs = 0;
        for (int n : new int[] {1024, 4096, 16384}) { lhs += n * alpha * Math.sqrt(n); rhs += n * 32.0; }
        assertThat(lhs).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-6 * rhs));
        assertThat(doc.get("rows")).hasSize(3);
        assertThat(doc.get("rows").get(1).get("alpha_at_n").asDouble()).isEqualTo(0.5);
        assertThat(doc.get("rows").get(0).get("k").asInt()).isEqualTo(32);
    }

    @Test void invalidValuesExitNonZeroNamingTheParameter() {
        CliRun bad = CliRun.of("budget", "--n", "1024", "--power", "2,1.5");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("C must be in (0, 1], got 1.5").contains("--power");
        assertThat(CliRun.of("budget", "--n", "0", "--fixed", "3").err()).contains("grid values must be >= 1");
        assertThat(CliRun.of("budget", "--n", "10..5x2", "--fixed", "3").err()).contains("start > end");
        assertThat(CliRun.of("budget", "--n", "10", "--fixed", "3", "--log", "1").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("budget", "--n", "10", "--log", "1", "--pair-power", "0.5").err()).contains("--pair-power needs --fixed");
        assertThat(CliRun.of("budget", "--n", "10", "--power", "1").err()).contains("--power");
    }

    @Test void gridForms() {
        assertThat(IntGrid.parse("32..512+160")).containsExactly(32, 192, 352, 512);
        assertThat(IntGrid.parse("256..4096x4,100")).containsExactly(256, 1024, 4096, 100);
    }
}
