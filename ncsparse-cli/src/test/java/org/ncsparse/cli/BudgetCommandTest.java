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

    @Test void calculatorGivesTheBudgetForATargetAndPredictsTau() throws Exception {
        CliRun run = CliRun.of("budget", "--n", "1024,4096,65536", "--sigma", "8", "--target-tau", "0.01", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(run.out()).get("rows");
        int previous = 0;
        for (JsonNode r : rows) {
            assertThat(r.get("predicted_tau").asDouble()).isLessThanOrEqualTo(0.01);
            assertThat(r.get("phase").asText()).isEqualTo("FROZEN"); // sqrt(2 ln n) < 8 for these n
            assertThat(r.get("k").asInt()).isGreaterThanOrEqualTo(previous);
            previous = r.get("k").asInt();
        }
        JsonNode dense = new ObjectMapper().readTree(CliRun.of("budget", "--n", "4096", "--power", "1,0.5", "--sigma", "1", "--json").out());
        assertThat(dense.get("rows").get(0).get("phase").asText()).isEqualTo("DENSE");
        assertThat(dense.get("rows").get(0).get("predicted_tau").asDouble()).isGreaterThan(0.5); // flat attention: top-64 of 4096 misses most mass
        assertThat(CliRun.of("budget", "--n", "10", "--target-tau", "0.1").err()).contains("--target-tau needs --sigma");
        assertThat(CliRun.of("budget", "--n", "10", "--sigma", "-1", "--fixed", "2").err()).contains("--sigma must be a number in [1e-6, 1e6]");
        assertThat(CliRun.of("budget", "--n", "10", "--sigma", "2").err()).contains("give one budget policy");
    }

    @Test void gridForms() {
        assertThat(IntGrid.parse("32..512+160")).containsExactly(32, 192, 352, 512);
        assertThat(IntGrid.parse("256..4096x4,100")).containsExactly(256, 1024, 4096, 100);
    }
}
