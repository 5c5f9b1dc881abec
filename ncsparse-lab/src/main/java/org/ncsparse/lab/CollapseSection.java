package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Attention collapse (SPEC section 1, operational): k_mass(0.9)/n and the effective support
 * exp(H(p)) vs n for sigma = 1, 2, 4, 8, with fitted exponents and bootstrap intervals.
 */
final class CollapseSection {
    private CollapseSection() {}

    static String build(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d();
        Table data = new Table("scale", "sigma", "n", "seed", "metric", "value");
        Table theory = new Table("scale", "sigma", "n", "metric", "predicted");
        int[] order = sigmaOrder(cfg.scales());
        for (int a : order) for (int b = 0; b < cfg.grid().length; b++) for (int c = 0; c < cells.seeds(); c++) {
            Cell cl = cells.get(a, b, c);
            double s = cfg.scales()[a], sig = s * Math.sqrt(d);
            data.add(s, sig, cl.n(), cl.seed(), "kmass90", cl.meanKMass(0));
            data.add(s, sig, cl.n(), cl.seed(), "kmass90_over_n", cl.meanKMass(0) / cl.n());
            data.add(s, sig, cl.n(), cl.seed(), "kmass99", cl.meanKMass(1));
            data.add(s, sig, cl.n(), cl.seed(), "eff_support", cl.meanEffSupport());
            data.add(s, sig, cl.n(), cl.seed(), "eff_support_over_n", cl.meanEffSupport() / cl.n());
        }
        List<Charts.Series> kmass = new ArrayList<>(), support = new ArrayList<>(), kmassTheory = new ArrayList<>();
        List<String[]> fits = new ArrayList<>();
        double[] x = cells.xs();
        int colour = 0;
        for (int a : order) {
            double s = cfg.scales()[a], sig = s * Math.sqrt(d);
            java.awt.Color col = Charts.color(colour++);
            double[][] km = cells.band(a, cl -> cl.meanKMass(0) / cl.n());
            double[][] es = cells.band(a, Cell::meanEffSupport);
            String name = "sigma=" + Html.num(sig) + " (s=" + Html.scaleName(s, d) + ")";
            kmass.add(new Charts.Series(name, x, km[0], km[1], km[2], col, Charts.Dash.SOLID, true, true));
            support.add(new Charts.Series(name, x, es[0], es[1], es[2], col, Charts.Dash.SOLID, true, true));
            double[] pred = new double[x.length];
            for (int b = 0; b < x.length; b++) {
                int n = cfg.grid()[b];
                pred[b] = ctx.theory().averaged(n, s, m -> m.kMass(0.1)) / n;
                theory.add(s, sig, n, "kmass90_over_n", pred[b]);
            }
            kmassTheory.add(new Charts.Series(colour == 1 ? "theory (dotted)" : "theory " + name, x, pred, pred, pred, col, Charts.Dash.DOTTED, false, colour == 1));
            SlopeVerdict.Result cm = SlopeVerdict.fit(cfg.grid(), cells.pooled(a, (cl, r) -> cl.kMass()[r][0]), cells.pooled(a, (cl, r) -> 1),
                    (n, r) -> r, cells.seeds(), ctx.config().bootstrap(), ctx.config().seed() + 7 * a);
            SlopeVerdict.Result ce = SlopeVerdict.fit(cfg.grid(), cells.pooled(a, (cl, r) -> cl.effSupport()[r]), cells.pooled(a, (cl, r) -> 1),
                    (n, r) -> r, cells.seeds(), ctx.config().bootstrap(), ctx.config().seed() + 11 * a);
            String verdict = cm.slope() >= 0.9 ? "dense (k_mass is a fixed fraction of n)"
                    : cm.high() < 0.5 ? "collapsed (k_mass grows much slower than n)" : "sub-linear (between the phases)";
            fits.add(new String[] {Html.num(sig), Html.esc(Html.scaleName(s, d)), ci(cm), Html.num(km[0][x.length - 1]), ci(ce),
                    Html.num(es[0][x.length - 1]), verdict});
        }
        kmass.addAll(kmassTheory);
        ctx.out().put("collapse_kmass.png", Charts.png("Attention collapse: k_mass(0.9)/n vs n", "n (keys per row, log2 scale)", Charts.Scale.LOG2,
                "k_mass(0.9) / n (log scale)", Charts.Scale.LOG10, kmass, 1000, 620));
        ctx.out().put("collapse_support.png", Charts.png("Effective support exp(entropy) vs n", "n (keys per row, log2 scale)", Charts.Scale.LOG2,
                "effective support exp(H(p)) (log scale)", Charts.Scale.LOG10, support, 1000, 620));
        ctx.out().put("collapse.csv", data.toCsv());
        ctx.out().put("collapse_theory.csv", theory.toCsv());
        StringBuilder html = new StringBuilder("<h2 id=\"collapse\">Attention collapse</h2>\n");
        html.append("<p>k<sub>mass</sub>(0.9) = the smallest k whose top-k mass reaches 0.9 (mean over rows); effective support = exp(entropy of the row). "
                + "Four logit scales, Q, K iid N(0,1), d = " + d + ". Dotted: finite-n theory for k<sub>mass</sub>.</p>\n");
        html.append(Html.figure("collapse_kmass.png", "k<sub>mass</sub>(0.9)/n vs n"));
        html.append(Html.figure("collapse_support.png", "effective support vs n"));
        html.append("<p>Fitted exponents (k &prop; n<sup>C</sup>, least squares on log-log with a 95% bootstrap interval). "
                + "Collapse, operationally, needs k<sub>mass</sub>/n &rarr; 0 (C &lt; 1) and an effective support that grows slower than any power; "
                + "over a finite grid we can only report the exponents.</p>\n");
        html.append(Html.table(new String[] {"&sigma;", "s", "C of k<sub>mass</sub>(0.9)", "k<sub>mass</sub>/n at largest n",
                "exponent of effective support", "support at largest n", "reading"}, fits));
        return html.toString();
    }

    static String ci(SlopeVerdict.Result r) {
        return Html.fixed(r.slope(), 3) + " [" + Html.fixed(r.low(), 3) + ", " + Html.fixed(r.high(), 3) + "]";
    }

    /** Scale indices ordered by increasing sigma. */
    static int[] sigmaOrder(double[] scales) {
        Integer[] idx = new Integer[scales.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (p, q) -> Double.compare(scales[p], scales[q]));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = idx[i];
        return out;
    }
}
