package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import org.ncsparse.theory.PowerLawFit;

/**
 * Figure 1: S_eps / n vs n, S_eps = #{j : p_ij &ge; eps} (the SPEC's reading of the paper's caption),
 * one line per eps, mean over seeds with the min..max band; dotted: the finite-n theory.
 */
final class Figure1Section {
    private Figure1Section() {}

    static String build(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d();
        double[] eps = cfg.eps();
        Table data = new Table("scale", "sigma", "n", "eps", "seed", "value");
        Table theory = new Table("scale", "sigma", "n", "eps", "predicted");
        for (int a = 0; a < cfg.scales().length; a++)
            for (int b = 0; b < cfg.grid().length; b++)
                for (int c = 0; c < cells.seeds(); c++) {
                    Cell cell = cells.get(a, b, c);
                    for (int e = 0; e < eps.length; e++)
                        data.add(cfg.scales()[a], cfg.scales()[a] * Math.sqrt(d), cfg.grid()[b], eps[e], cfg.seeds()[c], cell.meanSEps(e));
                }
        StringBuilder html = new StringBuilder("<h2 id=\"fig1\">Figure 1: effective entries S<sub>&epsilon;</sub>/n</h2>\n");
        html.append("<p>S<sub>&epsilon;</sub> = #{j : p<sub>ij</sub> &ge; &epsilon;} per query row, averaged over the sampled rows; "
                + "lines are the mean over seeds, the shaded band the min..max over seeds, dotted lines the finite-n theory "
                + "(docs/THEORY.md, averaged over the spread of ||q||). Q, K iid N(0,1), d = " + d + ".</p>\n");
        List<String[]> fitRows = new ArrayList<>();
        for (Reproduction.Scale regime : Reproduction.Scale.REPORTED) {
            int a = regime.index();
            double scale = cfg.scales()[a];
            List<Charts.Series> series = new ArrayList<>(), overlays = new ArrayList<>();
            double[] x = cells.xs();
            for (int e = 0; e < eps.length; e++) {
                int fe = e;
                double[][] band = cells.band(a, cell -> cell.meanSEps(fe));
                java.awt.Color col = (java.awt.Color) Charts.ramp(e, eps.length);
                series.add(new Charts.Series("eps=" + Html.num(eps[e]), x, band[0], band[1], band[2], col, Charts.Dash.SOLID, true, true));
                double[] pred = new double[x.length];
                for (int b = 0; b < x.length; b++) {
                    int n = cfg.grid()[b];
                    pred[b] = ctx.theory().averaged(n, scale, m -> m.sEps(eps[fe])) / n;
                    theory.add(scale, scale * Math.sqrt(d), n, eps[e], pred[b]);
                }
                overlays.add(new Charts.Series(e == 0 ? "theory (dotted)" : "theory eps=" + Html.num(eps[e]), x, pred, pred, pred, col,
                        Charts.Dash.DOTTED, false, e == 0));
                fitRows.add(fitRow(scale, d, eps[e], x, band[0], pred));
            }
            series.addAll(overlays); // legend: simulated lines first, then one theory entry
            String file = "fig1_" + Html.tag(scale, d) + ".png";
            ctx.out().put(file, Charts.png("Figure 1: S_eps/n vs n (" + Html.sigmaLabel(scale, d) + ")",
                    "n (keys per row, log2 scale)", Charts.Scale.LOG2, "S_eps / n (log scale)", Charts.Scale.LOG10, series, 1000, 620));
            html.append(Html.figure(file, "S<sub>&epsilon;</sub>/n vs n at " + Html.esc(Html.sigmaLabel(scale, d))
                    +  (regime == Reproduction.Scale.PAPER ? " &mdash; the paper's setting." : " &mdash; the usual 1/&radic;d scaling.")));
        }
        html.append("<p>Fitted exponent &beta; of S<sub>&epsilon;</sub>/n &prop; n<sup>&beta;</sup> (least squares on log-log, "
                + "simulation and theory; negative = the fraction of effective entries shrinks):</p>\n");
        html.append(Html.table(new String[] {"regime", "&epsilon;", "&beta; simulated", "&beta; theory", "S<sub>&epsilon;</sub>/n at largest n"}, fitRows));
        html.append("<p>Reading: at s = 1 (&sigma; = 8) the mass collapses onto a handful of keys, so the count of entries above "
                + "any fixed &epsilon; grows far slower than n and S<sub>&epsilon;</sub>/n falls, as in the paper's Figure 1. "
                + "At s = 1/&radic;d (&sigma; = 1) every p<sub>ij</sub> is close to 1/n, so S<sub>&epsilon;</sub>/n stays near 1 "
                + "until 1/n drops below &epsilon;, then falls off a cliff: the decrease is the trivial 1/n effect, not sparsity.</p>\n");
        ctx.out().put("fig1.csv", data.toCsv());
        ctx.out().put("fig1_theory.csv", theory.toCsv());
        return html.toString();
    }

    private static String[] fitRow(double scale, int d, double eps, double[] x, double[] y, double[] pred) {
        return new String[] {Html.esc(Html.sigmaLabel(scale, d)), Html.num(eps), slope(x, y), slope(x, pred), Html.num(y[y.length - 1])};
    }

    static String slope(double[] x, double[] y) {
        for (double v : y) if (!(v > 0)) return "n/a (zeros)";
        return Html.fixed(PowerLawFit.fit(x, y).exponent(), 3);
    }
}
