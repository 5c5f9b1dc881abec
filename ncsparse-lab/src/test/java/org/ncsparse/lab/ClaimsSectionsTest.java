package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ncsparse.lab.claims.ClaimsSweep;
import org.ncsparse.lab.claims.RowCurves;
import org.ncsparse.lab.claims.SpreadLaw;
import org.junit.jupiter.api.Test;

/** Equal-compute comparison on sampled rows, and the variance check on the draw that misled the quick report. */
class ClaimsSectionsTest {

    @Test void equalComputeComparisonSpendsTheSameAndOptimalIsNoWorse() {
        int[] grid = Reproduction.powers(6, 10);
        RowCurves[] curves = new ClaimsSweep(grid, 64, 4, List.of(new SpreadLaw.Fixed(8)), 64, 11, 64, 128, n -> new int[0], 2).run()[0];
        for (int k0 : new int[] {8, 16, 32}) {
            EqualComputeStudy.Comparison c = EqualComputeStudy.compare(curves, grid, k0, 0.5, 300, 5);
            double fixed = c.get(EqualComputeStudy.Policy.FIXED).compute();
            for (EqualComputeStudy.Policy p : EqualComputeStudy.Policy.values())
                assertThat(Math.abs(c.get(p).compute() / fixed - 1)).as("k0=%d %s spends the fixed budget's compute", k0, p).isLessThan(0.005);
            double f = c.get(EqualComputeStudy.Policy.FIXED).summaries()[0].estimate(), o = c.get(EqualComputeStudy.Policy.OPTIMAL).summaries()[0].estimate();
            assertThat(o).as("optimal allocation is at least as good as fixed, row-weighted").isLessThanOrEqualTo(f + 1e-12);
            var d = c.fixedMinusPower()[0];
            assertThat(d.estimate()).isCloseTo(f - c.get(EqualComputeStudy.Policy.POWER).summaries()[0].estimate(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(d.low()).isLessThanOrEqualTo(d.estimate());
            assertThat(d.high()).isGreaterThanOrEqualTo(d.estimate());
            assertThat(c.winner(EqualComputeStudy.Summary.ROW_WEIGHTED)).isIn("fixed", "power", "tie");
        }
    }

    /** The quick report's n = 4096 (seeds 1..3, 64 rows, s = 1) drew unusually long queries: the check flags it. */
    @Test void sigmaCheckFlagsTheQuickModeDrawAtN4096() {
        SweepConfig cfg = new SweepConfig(new int[] {4096}, new long[] {1, 2, 3}, 64, Workload.gaussian(64, 64), new double[] {1},
                List.of(), SweepConfig.Measures.none(), 2);
        Cells cells = new Cells(cfg, Sweep.run(cfg, null));
        VarianceSection.SigmaCheck check = VarianceSection.sigmaCheck(cells, 0, 0, 64);
        assertThat(check.expected()).isCloseTo(7.9688, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(check.z()).isGreaterThan(VarianceSection.Z_FLAG);
        // and a fresh draw (other seeds) is not flagged
        SweepConfig other = new SweepConfig(new int[] {4096}, new long[] {101, 102, 103, 104}, 64, Workload.gaussian(64, 64), new double[] {1},
                List.of(), SweepConfig.Measures.none(), 2);
        assertThat(Math.abs(VarianceSection.sigmaCheck(new Cells(other, Sweep.run(other, null)), 0, 0, 64).z())).isLessThan(VarianceSection.Z_FLAG);
    }
}
