package org.ncsparse.lab;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.FixedBudget;
import org.ncsparse.budget.PowerBudget;
import org.ncsparse.theory.DenseTail;
import org.ncsparse.theory.Phase;
import org.ncsparse.theory.PoissonDirichletTail;

/**
 * Figure 2: top-k error vs n for fixed k0 in {8, 16, 32, 64}, each paired (same colour) with the
 * alpha n^0.5 budget of equal compute over the grid, plus k = ceil(ln n); and the SSAA verdicts.
 */
final class Figure2Section {
    private Figure2Section() {}

    /**
     * The three error metrics: name, axis label, the per-cell value drawn, the per-row numerator and
     * denominator, and the statistic g(n, sum num / sum den) of the verdict. The ordinal enters the
     * verdict's bootstrap seed.
     */
    enum Metric {
        DROPPED_MASS("dropped_mass", "mean dropped mass tau (log scale)", (n, r) -> r),
        OUTPUT_REL_ERR("output_rel_err", "||O'-O||_F / ||O||_F (log scale)", (n, r) -> Math.sqrt(r)),
        PAPER_FRO_ROWS("paper_fro_rows", "(1/n)||P'-P||_F from sampled rows (log scale)", (n, r) -> Math.sqrt(n * r) / n);

        final String name, label;
        final SlopeVerdict.Statistic stat;
        Metric(String name, String label, SlopeVerdict.Statistic stat) { this.name = name; this.label = label; this.stat = stat; }

        double value(Cell cl, int p) {
            return switch (this) {
                case DROPPED_MASS -> cl.meanTau(p);
                case OUTPUT_REL_ERR -> cl.outputRelError(p);
                case PAPER_FRO_ROWS -> cl.paperFrobeniusFromRows(p);
            };
        }

        double numerator(Cell cl, int r, int p) {
            return switch (this) {
                case DROPPED_MASS -> cl.tau()[r][p];
                case OUTPUT_REL_ERR -> cl.outErrSq()[r][p];
                case PAPER_FRO_ROWS -> cl.l2ErrorSq()[r][p];
            };
        }

        double denominator(Cell cl, int r) { return this == OUTPUT_REL_ERR ? cl.outNormSq()[r] : 1; }
    }

    static String build(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d();
        List<CountBudget> budgets = cfg.budgets();
        List<Reproduction.Line> lines = Reproduction.lines(cfg.grid());
        int nb = budgets.size();
        Table data = new Table("scale", "sigma", "n", "policy", "pair_k0", "k", "seed", "metric", "value");
        Table theory = new Table("scale", "sigma", "n", "policy", "k", "model", "predicted_tau");
        Table verdicts = new Table("scale", "sigma", "policy", "metric", "slope", "ci_low", "ci_high", "verdict", "value_first_n", "value_last_n");
        for (int a = 0; a < cfg.scales().length; a++) {
            double scale = cfg.scales()[a], sigma = scale * Math.sqrt(d);
            for (int b = 0; b < cfg.grid().length; b++) for (int c = 0; c < cells.seeds(); c++) {
                Cell cell = cells.get(a, b, c);
                for (int p = 0; p < nb; p++) {
                    Object[] key = {scale, sigma, cell.n(), budgets.get(p).spec(), lines.get(p).pairK0(), cell.ks()[p], cell.seed()};
                    data.add(row(key, "dropped_mass", cell.meanTau(p)));
                    data.add(row(key, "row_l1", 2 * cell.meanTau(p)));
                    data.add(row(key, "output_rel_err", cell.outputRelError(p)));
                    data.add(row(key, "paper_fro_rows", cell.paperFrobeniusFromRows(p)));
                    if (cell.fullSpectral() != null) {
                        data.add(row(key, "paper_spec_full", cell.fullSpectral()[p]));
                        data.add(row(key, "paper_fro_full", cell.fullFrobenius()[p]));
                    }
                }
            }
        }
        StringBuilder html = new StringBuilder("<h2 id=\"fig2\">Figure 2: fixed k vs k = &alpha;&middot;n<sup>0.5</sup> at equal compute</h2>\n");
        html.append("<p>Solid: fixed k<sub>0</sub> &isin; {8, 16, 32, 64}; dashed, same colour: &alpha;&middot;n<sup>0.5</sup> with &alpha; chosen so that "
                + "&Sigma;<sub>n</sub> n&middot;k(n) = &Sigma;<sub>n</sub> n&middot;k<sub>0</sub> over the grid (equal compute); black: k = &lceil;ln n&rceil;. "
                + "Dotted (dropped-mass plots): finite-n theory for each budget. Bands: min..max over seeds.</p>\n");
        html.append("<p>Metrics: <b>dropped mass</b> &tau; = 1 &minus; &Sigma;<sub>j&isin;T</sub> p<sub>j</sub> (mean over rows; the row &#8467;<sub>1</sub> error is exactly 2&tau;); "
                + "<b>output error</b> ||O&prime;&minus;O||<sub>F</sub>/||O||<sub>F</sub> over the sampled rows (V iid N(0,1), d<sub>v</sub> = " + ctx.config().dv() + "); "
                + "the paper's <b>(1/n)||P&prime;&minus;P||</b>: Frobenius form estimated from the sampled rows for every n "
                + "((1/n)&middot;&radic;(n&middot;mean<sub>i</sub>||p&prime;<sub>i</sub>&minus;p<sub>i</sub>||&sup2;)), and the spectral norm of the full n&times;n matrix "
                + "(m = n queries, power iteration) for n &le; " + ctx.config().fullMatrixMax() + ".</p>\n");
        Metric[] metrics = Metric.values();
        for (Reproduction.Scale regime : Reproduction.Scale.REPORTED) {
            int a = regime.index();
            double scale = cfg.scales()[a], sigma = scale * Math.sqrt(d);
            String tag = Html.tag(scale, d);
            html.append("<h3>").append(Html.esc(Html.sigmaLabel(scale, d))).append(regime == Reproduction.Scale.PAPER ? " (the paper's convention)" : " (the 1/&radic;d convention)").append("</h3>\n");
            // theory per budget
            double[][] pred = new double[nb][cfg.grid().length];
            for (int p = 0; p < nb; p++) for (int b = 0; b < cfg.grid().length; b++) {
                int n = cfg.grid()[b], k = budgets.get(p).k(n);
                pred[p][b] = ctx.theory().averaged(n, scale, m -> m.tau(k));
                theory.add(scale, sigma, n, budgets.get(p).spec(), k, "finite_n", pred[p][b]);
                theory.add(scale, sigma, n, budgets.get(p).spec(), k, "dense", DenseTail.tau(n, k, sigma));
                double mm = Phase.m(n, sigma);
                if (mm < 1) theory.add(scale, sigma, n, budgets.get(p).spec(), k, "pd_asymptote", PoissonDirichletTail.asymptoticTau(k, mm));
            }
            for (Metric metric : metrics) {
                List<Charts.Series> series = new ArrayList<>();
                for (int p = 0; p < nb; p++) {
                    int fp = p;
                    double[][] band = cells.band(a, cl -> metric.value(cl, fp));
                    series.add(new Charts.Series(label(budgets.get(p)), cells.xs(), band[0], band[1], band[2], color(lines.get(p)), dash(budgets.get(p)), true, true));
                }
                if (metric == Metric.DROPPED_MASS) for (int p = 0; p < nb; p++)
                    series.add(new Charts.Series(p == 0 ? "theory (dotted)" : "theory " + p, cells.xs(), pred[p], pred[p], pred[p], color(lines.get(p)), Charts.Dash.DOTTED, false, p == 0));
                String file = "fig2_" + tag + "_" + metric.name + ".png";
                ctx.out().put(file, Charts.png("Figure 2: " + metric.name.replace('_', ' ') + " (" + Html.sigmaLabel(scale, d) + ")",
                        "n (keys per row, log2 scale)", Charts.Scale.LOG2, metric.label, Charts.Scale.LOG10, series, 1000, 620));
                html.append(Html.figure(file, metric.name.replace('_', ' ') + " vs n, " + Html.esc(Html.sigmaLabel(scale, d))));
            }
            if (cfg.fullMatrixMax() >= cfg.grid()[1]) {
                int count = 0;
                while (count < cfg.grid().length && cfg.grid()[count] <= cfg.fullMatrixMax()) count++;
                double[] x = java.util.Arrays.copyOf(cells.xs(), count);
                List<Charts.Series> series = new ArrayList<>();
                for (int p = 0; p < nb; p++) {
                    int fp = p;
                    double[][] band = cells.band(a, cl -> cl.fullSpectral() == null ? Double.NaN : cl.fullSpectral()[fp]);
                    series.add(new Charts.Series(label(budgets.get(p)), x, java.util.Arrays.copyOf(band[0], count),
                            java.util.Arrays.copyOf(band[1], count), java.util.Arrays.copyOf(band[2], count), color(lines.get(p)), dash(budgets.get(p)), true, true));
                }
                String file = "fig2_" + tag + "_paper_spec_full.png";
                ctx.out().put(file, Charts.png("Figure 2 (paper's metric): (1/n)||P'-P||_2, full matrix (" + Html.sigmaLabel(scale, d) + ")",
                        "n (keys = queries, log2 scale)", Charts.Scale.LOG2, "(1/n)||P'-P||_2 spectral (log scale)", Charts.Scale.LOG10, series, 1000, 620));
                html.append(Html.figure(file, "the paper's metric on the full n&times;n matrix (spectral norm), " + Html.esc(Html.sigmaLabel(scale, d))));
            }
            // verdicts
            List<String[]> rows = new ArrayList<>();
            for (int p = 0; p < nb; p++) {
                String[] r = new String[2 + metrics.length];
                r[0] = label(budgets.get(p));
                r[1] = budgets.get(p).k(cfg.grid()[0]) + " &rarr; " + budgets.get(p).k(cfg.grid()[cfg.grid().length - 1]);
                for (Metric metric : metrics) {
                    int mi = metric.ordinal();
                    SlopeVerdict.Result v = verdict(cells, a, p, metric, ctx.config());
                    verdicts.add(scale, sigma, budgets.get(p).spec(), metric.name, v.slope(), v.low(), v.high(), v.verdict(), v.first(), v.last());
                    r[2 + mi] = Html.fixed(v.slope(), 3) + " [" + Html.fixed(v.low(), 3) + ", " + Html.fixed(v.high(), 3) + "] <b>" + v.verdict() + "</b><br>"
                            + Html.num(v.first()) + " &rarr; " + Html.num(v.last());
                }
                rows.add(r);
            }
            html.append("<p>SSAA verdicts: slope of log(error) vs log(n) with a 95% bootstrap interval (within each n: seeds resampled, then rows within seed; "
                    + ctx.config().bootstrap() + " resamples); <i>vanishing</i> = interval below 0, <i>growing</i> = above 0, <i>stable</i> otherwise. "
                    + "Under each verdict: the error at the smallest and the largest n.</p>\n");
            html.append(Html.table(new String[] {"budget", "k over the grid", "dropped mass", "output error", "(1/n)||P'&minus;P||<sub>F</sub> (rows)"}, rows));
        }
        html.append(Figure2Text.reading(verdicts, cfg.scales()[Reproduction.Scale.PAPER.index()], cfg.scales()[Reproduction.Scale.MODEL.index()]));
        ctx.out().put("fig2.csv", data.toCsv());
        ctx.out().put("fig2_theory.csv", theory.toCsv());
        ctx.out().put("verdicts.csv", verdicts.toCsv());
        return html.toString();
    }

    private static Object[] row(Object[] key, String metric, double value) {
        Object[] r = java.util.Arrays.copyOf(key, key.length + 2);
        r[key.length] = metric; r[key.length + 1] = value;
        return r;
    }

    static SlopeVerdict.Result verdict(Cells cells, int a, int p, Metric metric, Reproduction.Config c) {
        double[][] num = cells.pooled(a, (cl, r) -> metric.numerator(cl, r, p));
        double[][] den = cells.pooled(a, (cl, r) -> metric.denominator(cl, r));
        return SlopeVerdict.fit(cells.config().grid(), num, den, metric.stat, cells.seeds(), c.bootstrap(), c.seed() * 31 + a * 1000 + p * 10 + metric.ordinal());
    }

    static String label(CountBudget b) {
        if (b instanceof FixedBudget f) return "fixed k=" + f.k();
        if (b instanceof PowerBudget pb) return String.format(java.util.Locale.ROOT, "%.3g*n^%.2g", pb.alpha(), pb.c());
        return "k=ceil(ln n)";
    }

    /** A fixed k0 and its paired power line share a colour; ceil(ln n) is black. */
    static Color color(Reproduction.Line line) { return line.role() == Reproduction.Role.LOG ? Color.BLACK : Charts.color(Reproduction.budgetIndex(line.pairK0())); }

    static Charts.Dash dash(CountBudget b) { return b instanceof PowerBudget ? Charts.Dash.DASHED : Charts.Dash.SOLID; }
}
