package org.ncsparse.select;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.ncsparse.budget.BudgetPolicy;

/** The fast float selector equals the sort-based oracle on rows full of ties (coarse grid values). */
class SelectorPropertyTest {

    @Provide Arbitrary<BudgetPolicy> policies() {
        return Arbitraries.of(BudgetPolicy.fixed(1), BudgetPolicy.fixed(3), BudgetPolicy.fixed(50),
                BudgetPolicy.power(1, 0.5), BudgetPolicy.log(1.5), BudgetPolicy.sinkWindow(1, 3),
                BudgetPolicy.parse("sinkwindow:2,2+fixed:4"), BudgetPolicy.parse("fixed:2+power:0.5,0.7"));
    }

    @Property(tries = 500)
    void fastSelectorEqualsOracle(@ForAll("policies") BudgetPolicy policy, @ForAll @IntRange(min = 1, max = 300) int n,
                                  @ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] logits = new float[n];
        double[] asDouble = new double[n];
        int levels = 1 + rnd.nextInt(8); // few distinct values: many ties
        for (int j = 0; j < n; j++) asDouble[j] = logits[j] = rnd.nextInt(levels) - 3.5f;
        int[] fast = new int[n], oracle = new int[n];
        int a = new RowSelector(n).select(policy, logits, n, fast);
        int b = new ReferenceSelector(n).select(policy, asDouble, n, oracle);
        assertThat(java.util.Arrays.copyOf(fast, a)).containsExactly(java.util.Arrays.copyOf(oracle, b));
    }

    @Property(tries = 300)
    void topKKeepsTheLargestWithTiesToLowerIndex(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll @IntRange(min = 1, max = 200) int k,
                                                 @ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] logits = new float[n];
        for (int j = 0; j < n; j++) logits[j] = rnd.nextInt(5);
        int[] kept = new int[n];
        int count = new RowSelector(n).topK(logits, n, k, kept);
        assertThat(count).isEqualTo(Math.min(k, n));
        boolean[] in = new boolean[n];
        for (int t = 0; t < count; t++) in[kept[t]] = true;
        // every kept key beats every dropped key, or ties it with a lower index
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++)
            if (in[i] && !in[j]) assertThat(logits[i] > logits[j] || (logits[i] == logits[j] && i < j)).isTrue();
    }
}
