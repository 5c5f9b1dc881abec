package org.ncsparse.lab.claims;

import java.util.List;
import java.util.function.IntFunction;
import org.ncsparse.exec.ParallelRunner;

/**
 * Samples independent Gaussian rows ({@link GaussianRows}) for every spread law and every n of a
 * grid and records their top-k dropped-mass curves ({@link RowCurves}). Work is split into
 * (law, n, group) tasks on the shared pool; results do not depend on the thread count.
 *
 * @param budgetKs per n, the extra k at which every row's value is stored (beyond the prefix 0..kRow)
 */
public record ClaimsSweep(int[] grid, int rows, int groups, List<SpreadLaw> laws, int d, long seed, int kRow, int kSel,
                          IntFunction<int[]> budgetKs, int threads) {
    public ClaimsSweep {
        if (grid == null || grid.length < 2) throw new IllegalArgumentException("grid needs at least 2 lengths");
        if (rows < 1 || groups < 1 || rows % groups != 0) throw new IllegalArgumentException("rows must be a positive multiple of groups, got " + rows + " / " + groups);
        if (laws == null || laws.isEmpty()) throw new IllegalArgumentException("at least one spread law is needed");
        if (d < 1 || kRow < 1 || kSel < kRow || threads < 1) throw new IllegalArgumentException("d, kRow >= 1, kSel >= kRow, threads >= 1");
    }

    /** The curves of every (law, n): result[law][n index]. */
    public RowCurves[][] run() {
        RowCurves[][] out = new RowCurves[laws.size()][grid.length];
        for (int l = 0; l < laws.size(); l++) for (int i = 0; i < grid.length; i++) out[l][i] = new RowCurves(grid[i], storedKs(grid[i]), rows, groups, kSel);
        int perGroup = rows / groups, tasks = laws.size() * grid.length * groups;
        ParallelRunner.forEach(tasks, threads, t -> { // largest n first, for balance
            int g = t % groups, rest = t / groups, i = grid.length - 1 - rest % grid.length, l = rest / grid.length;
            int n = grid[i];
            double sigma = laws.get(l).sigma(n);
            double[] z = new double[n];
            TopCurve c = new TopCurve();
            RowCurves rc = out[l][i];
            int kMax = Math.max(kSel, rc.maxStored());
            for (int r = g * perGroup; r < (g + 1) * perGroup; r++) {
                GaussianRows.row(seed, n, r, d, sigma, z);
                c.compute(z, n, kMax);
                rc.record(r, g, c);
            }
            rc.countRows(g, perGroup);
        });
        return out;
    }

    int[] storedKs(int n) {
        java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
        for (int k = 0; k <= Math.min(kRow, n); k++) s.add(k);
        for (int k : budgetKs.apply(n)) if (k < n) s.add(k);
        return s.stream().mapToInt(Integer::intValue).toArray();
    }
}
