package org.ncsparse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

class AttentionMetricsTest {

    private static AttentionRequest request(long seed, int m, int n, int d, float scale) {
        RandomInputs rnd = new RandomInputs(seed);
        return AttentionRequest.builder().query(rnd.gaussian(2 * m * d, 1), 2, m, d).keys(rnd.gaussian(n * d, 1), 1, n)
                .values(rnd.gaussian(n * d, 1), d).scale(scale).build();
    }

    @Test void reportIsConsistentWithTheKernelsAndIdentities() {
        AttentionRequest r = request(Seeds.fresh("metrics"), 24, 300, 16, 1f);
        BudgetPolicy policy = BudgetPolicy.fixed(8);
        ErrorReport rep = AttentionMetrics.compare(r, policy);
        // identity: row l1 = 2 tau
        for (int i = 0; i < rep.droppedMass().length; i++)
            assertThat(rep.rowL1()[i]).isCloseTo(2 * rep.droppedMass()[i], within(1e-9));
        // the dropped mass agrees with what the kernel's observer reports
        KeptMassCollector collector = KeptMassCollector.forRequest(r);
        Attention.compute(r.withBudget(policy).withObserver(collector).withKernel(ReferenceKernel.INSTANCE));
        double[] observed = collector.droppedMass();
        for (int i = 0; i < observed.length; i++) assertThat(observed[i]).isCloseTo(rep.droppedMass()[i], within(1e-9));
        // output error agrees with the kernels' outputs
        float[] exact = Attention.exact(r), sparse = Attention.sparse(r, policy);
        double e = 0, o = 0;
        for (int i = 0; i < exact.length; i++) { e += Math.pow(sparse[i] - exact[i], 2); o += (double) exact[i] * exact[i]; }
        assertThat(rep.outputRelative()).isCloseTo(Math.sqrt(e / o), within(1e-4));
        // ||.||_2 <= ||.||_F, and both are positive with real truncation
        for (int h = 0; h < 2; h++) {
            assertThat(rep.paperSpectral()[h]).isPositive().isLessThanOrEqualTo(rep.paperFrobenius()[h] * (1 + 1e-9));
        }
        assertThat(rep.keptCount()).containsOnly(8);
        assertThat(rep.keptFraction()).isCloseTo(8.0 / 300, within(1e-12));
    }

    @Test void keepingEverythingHasNoError() {
        AttentionRequest r = request(Seeds.fresh("all"), 5, 40, 8, 1f);
        ErrorReport rep = AttentionMetrics.compare(r, BudgetPolicy.fixed(40));
        assertThat(rep.droppedMassSummary().max()).isLessThan(1e-12);
        assertThat(rep.outputRelative()).isLessThan(1e-12);
        assertThat(rep.meanPaperSpectral()).isLessThan(1e-12);
    }

    @Test void spectralSkippedAboveTheLimit() {
        AttentionRequest r = request(Seeds.fresh("limit"), 4, 50, 8, 1f);
        ErrorReport rep = AttentionMetrics.compare(r, BudgetPolicy.fixed(2), 100);
        assertThat(rep.meanPaperSpectral()).isNaN();
        assertThat(rep.meanPaperFrobenius()).isPositive();
    }

    @Test void moreBudgetNeverDropsMoreMass() {
        AttentionRequest r = request(Seeds.fresh("monotone"), 8, 500, 16, 0.5f);
        double previous = 1;
        for (int k : new int[] {1, 2, 4, 16, 64, 256}) {
            double tau = AttentionMetrics.compare(r, BudgetPolicy.fixed(k)).droppedMassSummary().mean();
            assertThat(tau).isLessThanOrEqualTo(previous);
            previous = tau;
        }
    }
}
