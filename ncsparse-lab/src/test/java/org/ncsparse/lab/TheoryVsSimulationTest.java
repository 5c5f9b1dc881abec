package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report's theory overlays against the Q.K simulation itself (not iid logits): the finite-n
 * prediction averaged over ||q|| must match the mean dropped mass within 20% relative (10 key sets x 32 rows: the seed-to-seed spread is the noise) wherever
 * tau &gt; 1e-3, in both regimes, and the S_eps prediction within 25%.
 */
class TheoryVsSimulationTest {
    @Test void overlaysMatchSimulation() {
        int[] grid = {4096};
        double[] scales = {1, 0.125};
        int[] probes = {1, 4, 16, 64, 256};
        SweepConfig cfg = new SweepConfig(grid, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 32, Workload.gaussian(64, 4), scales,
                List.of(), new SweepConfig.Measures(new double[] {1e-4, 1e-6}, new double[] {0.1}, probes, 0, 0), 2);
        Cells cells = new Cells(cfg, Sweep.run(cfg, null));
        TheoryOverlay th = new TheoryOverlay(64, 400);
        for (int a = 0; a < scales.length; a++) {
            for (int i = 0; i < probes.length; i++) {
                int fi = i, k = probes[i];
                double sim = cells.band(a, c -> c.meanTauProbe(fi))[0][0];
                double pred = th.averaged(4096, scales[a], m -> m.tau(k));
                if (sim > 1e-3) assertThat(pred / sim).as("s=%s k=%s sim=%s pred=%s", scales[a], k, sim, pred).isCloseTo(1, within(0.2));
            }
            for (int e = 0; e < 2; e++) {
                int fe = e;
                double sim = cells.band(a, c -> c.meanSEps(fe))[0][0] * 4096;
                double pred = th.averaged(4096, scales[a], m -> m.sEps(cfg.eps()[fe]));
                assertThat(pred / sim).as("S_eps s=%s eps=%s", scales[a], cfg.eps()[e]).isCloseTo(1, within(0.2));
            }
        }
    }
}
