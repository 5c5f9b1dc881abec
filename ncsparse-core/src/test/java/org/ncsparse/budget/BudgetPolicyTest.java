package org.ncsparse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

    @Test void countBudgets() {
        assertThat(new FixedBudget(32).k(1000)).isEqualTo(32);
        assertThat(new FixedBudget(32).k(10)).isEqualTo(10);
        assertThat(new PowerBudget(1, 0.5).k(4096)).isEqualTo(64);
        assertThat(new PowerBudget(1, 0.5).k(4097)).isEqualTo(65);
        assertThat(new PowerBudget(0.001, 0.5).k(100)).isEqualTo(1);
        assertThat(new PowerBudget(2, 1).k(50)).isEqualTo(50);
        assertThat(new LogBudget(1).k(1)).isEqualTo(1);
        assertThat(new LogBudget(1).k(1000)).isEqualTo(7);
        assertThat(new LogBudget(2).k(65536)).isEqualTo((int) Math.ceil(2 * Math.log(65536)));
    }

    @Property void powerBudgetIsMonotoneAndInRange(@ForAll @IntRange(min = 1, max = 1 << 20) int n,
                                                   @ForAll @DoubleRange(min = 0.01, max = 10) double alpha,
                                                   @ForAll @DoubleRange(min = 0.05, max = 1) double c) {
        PowerBudget p = new PowerBudget(alpha, c);
        assertThat(p.k(n)).isBetween(1, n);
        assertThat(p.k(n + 1)).isGreaterThanOrEqualTo(p.k(n));
    }

    @Test void invalidParametersNameTheArgument() {
        assertThatThrownBy(() -> new FixedBudget(0)).hasMessageContaining("k must be a positive integer, got 0");
        assertThatThrownBy(() -> new PowerBudget(0, 0.5)).hasMessageContaining("alpha must be a finite number > 0");
        assertThatThrownBy(() -> new PowerBudget(1, 1.5)).hasMessageContaining("C must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> new PowerBudget(1, 0)).hasMessageContaining("C must be in (0, 1]");
        assertThatThrownBy(() -> new PowerBudget(Double.NaN, 0.5)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new LogBudget(-1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new ThresholdBudget(0)).hasMessageContaining("eps must be in (0, 1)");
        assertThatThrownBy(() -> new MassBudget(1)).hasMessageContaining("tau must be in [0, 1)");
        assertThatThrownBy(() -> new SinkWindowBudget(0, 0)).hasMessageContaining("sinks + window must be >= 1");
        assertThatThrownBy(() -> new SinkWindowBudget(-1, 3)).hasMessageContaining("sinks must be >= 0");
        assertThatThrownBy(() -> BudgetPolicy.union(BudgetPolicy.fixed(1))).hasMessageContaining("at least 2");
    }

    @Test void parseRoundTrips() {
        for (String s : new String[] {"fixed:32", "power:1,0.5", "power:0.25,0.3", "log:2", "threshold:1e-4",
                "mass:0.01", "sinkwindow:4,64", "sinkwindow:4,64+power:1,0.5"}) {
            BudgetPolicy p = BudgetPolicy.parse(s);
            assertThat(BudgetPolicy.parse(p.spec())).isEqualTo(p);
        }
        assertThat(BudgetPolicy.parse(" Power : 2 , 0.5 ")).isEqualTo(new PowerBudget(2, 0.5));
        assertThat(BudgetPolicy.parse("sinkwindow:4,64+fixed:8")).isInstanceOf(UnionBudget.class);
    }

    @Test void parseErrors() {
        assertThatThrownBy(() -> BudgetPolicy.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BudgetPolicy.parse("topk:3")).hasMessageContaining("unknown budget policy 'topk'");
        assertThatThrownBy(() -> BudgetPolicy.parse("power:1")).hasMessageContaining("power takes 2 parameter(s)");
        assertThatThrownBy(() -> BudgetPolicy.parse("fixed:x")).hasMessageContaining("K must be an integer, got 'x'");
        assertThatThrownBy(() -> BudgetPolicy.parse("power:2,1.5")).hasMessageContaining("C must be in (0, 1]");
        assertThatThrownBy(() -> BudgetPolicy.parse("fixed")).hasMessageContaining("has no ':'");
    }

    @Test void maxKept() {
        assertThat(BudgetPolicy.parse("sinkwindow:4,64+fixed:8").maxKept(1000)).isEqualTo(76);
        assertThat(BudgetPolicy.parse("sinkwindow:4,64").maxKept(10)).isEqualTo(10);
        assertThat(BudgetPolicy.mass(0.1).maxKept(10)).isEqualTo(10);
        assertThat(BudgetPolicy.mass(0.1).dataDependent()).isTrue();
        assertThat(BudgetPolicy.fixed(3).dataDependent()).isFalse();
    }

    @Test void equalComputePairing() {
        int[] grid = {256, 1024, 4096, 16384};
        double alpha = ComputePairing.alphaOverGrid(32, 0.5, grid);
        double fixed = 0, power = 0;
        for (int n : grid) { fixed += n * 32.0; power += n * alpha * Math.sqrt(n); }
        assertThat(power).isCloseTo(fixed, within(1e-6 * fixed));
        // rounding up costs at most one key per row: the discrete power line is within sum_n n of the fixed one
        double discrete = ComputePairing.gridCompute(new PowerBudget(alpha, 0.5), grid);
        assertThat(discrete).isBetween(fixed, fixed + 256 + 1024 + 4096 + 16384);
        assertThat(ComputePairing.alphaAtReference(64, 0.5, 4096)).isEqualTo(1.0);
        assertThatThrownBy(() -> ComputePairing.alphaOverGrid(32, 0.5, new int[0])).hasMessageContaining("grid");
        assertThatThrownBy(() -> ComputePairing.alphaOverGrid(0, 0.5, grid)).hasMessageContaining("k0");
        assertThatThrownBy(() -> ComputePairing.alphaAtReference(8, 2, 100)).hasMessageContaining("C must be in (0, 1]");
    }
}
