package org.ncsparse.lab;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The cells of a sweep indexed by (scale, n, seed), with helpers for seed means and spreads. */
public final class Cells {
    private final SweepConfig cfg;
    private final Cell[][][] cells;

    public Cells(SweepConfig cfg, List<Cell> list) {
        this.cfg = cfg;
        int sc = cfg.scales().length, ns = cfg.grid().length, ss = cfg.seeds().length;
        cells = new Cell[sc][ns][ss];
        int i = 0;
        for (int a = 0; a < sc; a++) for (int b = 0; b < ns; b++) for (int c = 0; c < ss; c++) cells[a][b][c] = list.get(i++);
    }

    public SweepConfig config() { return cfg; }

    public Cell get(int scale, int n, int seed) { return cells[scale][n][seed]; }

    public int seeds() { return cfg.seeds().length; }

    public double[] xs() { double[] x = new double[cfg.grid().length]; for (int i = 0; i < x.length; i++) x[i] = cfg.grid()[i]; return x; }

    /** For each n: {mean over seeds, min, max} of a per-cell statistic. */
    public double[][] band(int scale, ToDoubleFunction<Cell> f) {
        int ns = cfg.grid().length;
        double[] mean = new double[ns], lo = new double[ns], hi = new double[ns];
        for (int b = 0; b < ns; b++) {
            double s = 0, mn = Double.POSITIVE_INFINITY, mx = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < seeds(); c++) {
                double v = f.applyAsDouble(cells[scale][b][c]);
                s += v; mn = Math.min(mn, v); mx = Math.max(mx, v);
            }
            mean[b] = s / seeds(); lo[b] = mn; hi[b] = mx;
        }
        return new double[][] {mean, lo, hi};
    }

    /** Per n, the per-row values of all seeds pooled: [n][seed * rows + row]. */
    public double[][] pooled(int scale, RowValue f) {
        int ns = cfg.grid().length, rows = cfg.rows();
        double[][] out = new double[ns][seeds() * rows];
        for (int b = 0; b < ns; b++) for (int c = 0; c < seeds(); c++) {
            Cell cell = cells[scale][b][c];
            for (int r = 0; r < rows; r++) out[b][c * rows + r] = f.value(cell, r);
        }
        return out;
    }

    @FunctionalInterface public interface RowValue { double value(Cell cell, int row); }
}
