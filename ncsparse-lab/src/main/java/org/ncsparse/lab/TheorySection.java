package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import org.ncsparse.theory.DenseTail;
import org.ncsparse.theory.Phase;
import org.ncsparse.theory.PoissonDirichletTail;
import org.ncsparse.theory.PowerLawFit;

/**
 * Theory against simulation: the tau(k) curve at the largest n (finite-n model, dense asymptote,
 * PD(m) Monte Carlo and asymptote), the budget k*(n) for tau = 0.1 and 0.01 with fitted C, and the
 * phase diagram.
 */
final class TheorySection {
    private TheorySection() {}

    static String build(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d(), last = cfg.grid().length - 1, n = cfg.grid()[last];
        int[] probes = cfg.probeKs();
        Table tauTable = new Table("scale", "sigma", "n", "k", "source", "value");
        StringBuilder html = new StringBuilder("<h2 id=\"theory\">Theory vs simulation</h2>\n");
        html.append("<p>Predictions (docs/THEORY.md): <b>finite-n</b> = exact Poisson-process extremes + mean-field bulk, averaged over the spread of ||q|| "
                + "(the prediction we test); <b>dense</b> = &Phi;(&Phi;&#772;<sup>&minus;1</sup>(k/n) &minus; &sigma;), the m &gt; 1 asymptote; "
                + "<b>PD(m)</b> = the Poisson&ndash;Dirichlet limit of the frozen phase (Monte Carlo) and its large-k asymptote "
                + "c(m)&middot;k<sup>1&minus;1/m</sup>, at the nominal &sigma; = s&radic;d.</p>\n");
        List<String[]> gaps = new ArrayList<>();
        for (Reproduction.Scale regime : Reproduction.Scale.REPORTED) {
            int a = regime.index();
            double s = cfg.scales()[a], sigma = s * Math.sqrt(d), m = Phase.m(n, sigma);
            List<Integer> ks = new ArrayList<>();
            for (int k : probes) if (k < n) ks.add(k);
            double[] x = new double[ks.size()], sim = new double[x.length], lo = new double[x.length], hi = new double[x.length];
            double[] fin = new double[x.length], dense = new double[x.length], pdMc = new double[x.length], pdAs = new double[x.length];
            double[] pdArr = m < 1 ? PoissonDirichletTail.expectedTau(m, ks.get(ks.size() - 1), Math.max(200, ctx.config().theorySamples()), 17) : null;
            double maxAbs = 0, maxRel = 0, maxAbsDense = 0, maxAbsPd = 0;
            for (int i = 0; i < x.length; i++) {
                int k = ks.get(i), pi = i;
                x[i] = k;
                double[][] band = cells.band(a, cl -> cl.meanTauProbe(pi));
                sim[i] = band[0][last]; lo[i] = band[1][last]; hi[i] = band[2][last];
                fin[i] = ctx.theory().averaged(n, s, mod -> mod.tau(k));
                dense[i] = DenseTail.tau(n, k, sigma);
                pdMc[i] = pdArr == null ? Double.NaN : pdArr[k - 1];
                pdAs[i] = m < 1 ? PoissonDirichletTail.asymptoticTau(k, m) : Double.NaN;
                tauTable.add(s, sigma, n, k, "simulation", sim[i]);
                tauTable.add(s, sigma, n, k, "finite_n", fin[i]);
                tauTable.add(s, sigma, n, k, "dense", dense[i]);
                if (m < 1) { tauTable.add(s, sigma, n, k, "pd_mc", pdMc[i]); tauTable.add(s, sigma, n, k, "pd_asymptote", pdAs[i]); }
                maxAbs = Math.max(maxAbs, Math.abs(fin[i] - sim[i]));
                if (sim[i] > 1e-3) maxRel = Math.max(maxRel, Math.abs(fin[i] / sim[i] - 1));
                maxAbsDense = Math.max(maxAbsDense, Math.abs(dense[i] - sim[i]));
                if (m < 1) maxAbsPd = Math.max(maxAbsPd, Math.abs(pdMc[i] - sim[i]));
            }
            List<Charts.Series> series = new ArrayList<>();
            series.add(new Charts.Series("simulation (mean, seed band)", x, sim, lo, hi, Charts.color(0), Charts.Dash.SOLID, true, true));
            series.add(Charts.Series.of("finite-n theory", x, fin, Charts.color(1), Charts.Dash.DOTTED));
            series.add(Charts.Series.of("dense asymptote", x, dense, Charts.color(2), Charts.Dash.DASHED));
            if (m < 1) {
                series.add(Charts.Series.of("PD(m) Monte Carlo, m=" + Html.fixed(m, 2), x, pdMc, Charts.color(3), Charts.Dash.DASHED));
                series.add(Charts.Series.of("PD(m) asymptote c*k^(1-1/m)", x, pdAs, Charts.color(4), Charts.Dash.DOTTED));
            }
            String file = "theory_tau_" + Html.tag(s, d) + ".png";
            ctx.out().put(file, Charts.png("Top-k dropped mass vs k at n=" + n + " (" + Html.sigmaLabel(s, d) + ")", "k (kept keys, log2 scale)",
                    Charts.Scale.LOG2, "mean dropped mass tau(k) (log scale)", Charts.Scale.LOG10, series, 1000, 620));
            html.append(Html.figure(file, "&tau;(k) at n = " + n + ", " + Html.esc(Html.sigmaLabel(s, d)) + ", m = " + Html.fixed(m, 3)));
            gaps.add(new String[] {Html.num(sigma), Html.fixed(m, 3), Html.num(maxAbs), Html.fixed(100 * maxRel, 1) + "%", Html.num(maxAbsDense),
                    m < 1 ? Html.num(maxAbsPd) : "n/a (m &ge; 1)"});
        }
        html.append("<p>Largest gap between prediction and simulation over k &isin; {1, 2, 4, ...} at n = " + n + " (relative gap only where &tau; &gt; 10<sup>&minus;3</sup>):</p>\n");
        html.append(Html.table(new String[] {"&sigma;", "m", "|finite-n &minus; sim|", "relative", "|dense &minus; sim|", "|PD(m) MC &minus; sim|"}, gaps));
        ctx.out().put("theory_tau.csv", tauTable.toCsv());
        html.append(kStar(ctx));
        if (ctx.config().phaseDiagram()) html.append(PhaseDiagram.build(ctx));
        return html.toString();
    }

    /** k*(n): the smallest k whose mean dropped mass is &le; tau, simulated vs predicted, with fitted C. */
    static String kStar(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d();
        Table t = new Table("scale", "sigma", "n", "tau", "seed", "source", "kstar");
        StringBuilder html = new StringBuilder("<h3>Budget k*(n) for a target mean dropped mass, and its exponent C</h3>\n");
        List<String[]> fits = new ArrayList<>();
        double[] x = cells.xs();
        for (int ti = 0; ti < cfg.massTaus().length; ti++) {
            double tau = cfg.massTaus()[ti];
            int fti = ti;
            List<Charts.Series> series = new ArrayList<>();
            int colour = 0;
            for (int a : CollapseSection.sigmaOrder(cfg.scales())) {
                double s = cfg.scales()[a], sigma = s * Math.sqrt(d);
                java.awt.Color col = Charts.color(colour++);
                double[][] band = cells.band(a, cl -> cl.kStar()[fti]);
                for (int b = 0; b < x.length; b++) for (int c = 0; c < cells.seeds(); c++)
                    t.add(s, sigma, cfg.grid()[b], tau, cfg.seeds()[c], "simulation", (double) cells.get(a, b, c).kStar()[fti]);
                double[] fin = new double[x.length], dense = new double[x.length];
                for (int b = 0; b < x.length; b++) {
                    int n = cfg.grid()[b];
                    fin[b] = ctx.theory().kStarAveraged(n, s, tau);
                    dense[b] = DenseTail.kStar(n, sigma, tau);
                    t.add(s, sigma, n, tau, 0L, "finite_n", fin[b]);
                    t.add(s, sigma, n, tau, 0L, "dense", dense[b]);
                }
                String name = "sigma=" + Html.num(sigma);
                series.add(new Charts.Series(name + " simulation", x, band[0], band[1], band[2], col, Charts.Dash.SOLID, true, true));
                series.add(new Charts.Series(name + " finite-n theory", x, fin, fin, fin, col, Charts.Dash.DOTTED, false, true));
                PowerLawFit fs = PowerLawFit.fit(x, band[0]), ff = PowerLawFit.fit(x, fin);
                fits.add(new String[] {Html.num(tau), Html.num(sigma), Html.fixed(fs.exponent(), 3), Html.fixed(ff.exponent(), 3),
                        Html.num(band[0][x.length - 1]), Html.num(fin[x.length - 1]), Html.num(dense[x.length - 1])});
            }
            String file = "kstar_tau" + (tau == 0.1 ? "0p1" : "0p01") + ".png";
            ctx.out().put(file, Charts.png("Budget k* for mean dropped mass <= " + tau + " vs n", "n (keys per row, log2 scale)", Charts.Scale.LOG2,
                    "k* (log scale)", Charts.Scale.LOG10, series, 1000, 620));
            html.append(Html.figure(file, "k*(n) for &tau; = " + tau + ": simulation (solid) and finite-n theory (dotted)"));
        }
        html.append(Html.table(new String[] {"&tau;", "&sigma;", "C simulated", "C finite-n theory", "k* sim (largest n)", "k* theory", "k* dense asymptote"}, fits));
        html.append("<p>C &lt; 1 is the n<sup>C</sup>-sparse regime; C &asymp; 1 is the dense phase, where the needed budget is a fixed fraction of n. "
                + "At fixed &sigma; the local exponent drifts upward with n because m = &radic;(2 ln n)/&sigma; grows.</p>\n");
        ctx.out().put("kstar.csv", t.toCsv());
        return html.toString();
    }
}
