package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.ncsparse.theory.Gamma;

/**
 * How much to trust one n of the main sweep. Its rows share one draw of K per (seed, n) and the
 * same Q at every logit scale, so a draw with unusually long queries shifts every curve at that n.
 * Two checks per n: the mean row spread sigma_row = s ||q|| against its known expectation
 * (z-score over all rows), and a seed-level 95% t-interval of the dropped mass of fixed k = 8
 * against the finite-n theory. The claims sections avoid the issue by design: independent rows
 * (fresh q and keys per row and n), many of them, and bootstrap intervals over rows.
 */
final class VarianceSection {
    private VarianceSection() {}

    static final double Z_FLAG = 3;

    static String build(Reproduction.Context ctx) {
        Cells cells = ctx.cells();
        SweepConfig cfg = cells.config();
        int d = ctx.config().d();
        int a = Reproduction.Scale.PAPER.index(), fixed8 = Reproduction.budgetIndex(8);
        double s = cfg.scales()[a];
        Table t = new Table("n", "metric", "value", "ci_low", "ci_high", "expected", "z");
        List<String[]> rows = new ArrayList<>();
        int seeds = cells.seeds();
        TDistribution td = seeds > 1 ? new TDistribution(seeds - 1) : null;
        double tq = td == null ? Double.NaN : td.inverseCumulativeProbability(0.975);
        List<Integer> flagged = new ArrayList<>();
        for (int b = 0; b < cfg.grid().length; b++) {
            int n = cfg.grid()[b];
            double[] seedTau = new double[seeds];
            for (int c = 0; c < seeds; c++) seedTau[c] = cells.get(a, b, c).meanTau(fixed8);
            SigmaCheck sc = sigmaCheck(cells, a, b, d);
            double meanSigma = sc.mean(), expected = sc.expected(), se = sc.se(), z = sc.z();
            double m = mean(seedTau), sd = sd(seedTau, m), half = tq * sd / Math.sqrt(seeds);
            double theory = ctx.theory().averaged(n, s, mod -> mod.tau(8));
            boolean outside = theory < m - half || theory > m + half;
            if (Math.abs(z) > Z_FLAG) flagged.add(n);
            t.add(n, "mean_row_sigma", meanSigma, meanSigma - 1.96 * se, meanSigma + 1.96 * se, expected, z);
            t.add(n, "tau_fixed8_seed_mean", m, m - half, m + half, theory, sd > 0 ? (m - theory) / (sd / Math.sqrt(seeds)) : Double.NaN);
            rows.add(new String[] {String.valueOf(n), Html.fixed(meanSigma, 3) + " (expected " + Html.fixed(expected, 3) + ")",
                    (Math.abs(z) > Z_FLAG ? "<b>" : "") + Html.fixed(z, 2) + (Math.abs(z) > Z_FLAG ? "</b>" : ""),
                    Html.num(m) + " [" + Html.num(m - half) + ", " + Html.num(m + half) + "]", Html.num(theory), outside ? "<b>outside</b>" : "inside"});
        }
        ctx.out().put("variance.csv", t.toCsv());
        StringBuilder html = new StringBuilder("<h2 id=\"variance\">Variance: which points of the main sweep to trust</h2>\n");
        html.append("<p>The main sweep (Figures 1&ndash;2) draws one K per (seed, n) and reuses the same Q for every logit scale and budget (common random numbers, "
                + "so the budgets at one n are compared on the same rows). The price: an unlucky Q draw moves every curve at that n together. The row spread "
                + "&sigma;<sub>row</sub> = s&middot;||q|| has a known mean (s&middot;E||q||, ||q|| ~ &chi;<sub>" + d + "</sub>) and standard deviation, so its z-score "
                + "per n tells when a point is off because of the draw, and a seed-level t-interval (" + seeds + " seeds) of the dropped mass of fixed k = 8 shows "
                + "how wide the honest interval is. &sigma; = 8, " + cfg.rows() + " rows per seed.</p>\n");
        html.append(Html.table(new String[] {"n", "mean &sigma;<sub>row</sub>", "z", "&tau;(k=8): seed mean [95% t-interval over seeds]", "finite-n theory",
                "theory vs interval"}, rows));
        html.append("<p>" + (flagged.isEmpty() ? "No n has |z| &gt; " + Html.num(Z_FLAG) + " in this run."
                : "|z| &gt; " + Html.num(Z_FLAG) + " at n = " + flagged + ": the queries drawn there are unusually long, so that point of Figures 1 and 2 is off by the draw, not by n.")
                + " The seed-level intervals are wide with few seeds; the claims sections therefore use independent rows (a fresh query and fresh keys for every row "
                + "and every n, " + ctx.config().claims().rows() + " rows per n), common random numbers only where a comparison is paired on purpose (all budgets and "
                + "spread laws see the same standard-normal draws), and bootstrap intervals over rows.</p>\n");
        return html.toString();
    }

    /** The mean row spread at one (scale, n) of a sweep, its expectation s E||q|| and standard error, and the z-score. */
    record SigmaCheck(double mean, double expected, double se, double z) {}

    /** ||q|| ~ chi_d: E||q|| = sqrt(2) Gamma((d+1)/2)/Gamma(d/2), Var = d - (E||q||)^2; rows are independent draws of q. */
    static SigmaCheck sigmaCheck(Cells cells, int scale, int nIndex, int d) {
        double eNorm = Math.sqrt(2) * Math.exp(Gamma.logGamma((d + 1) / 2.0) - Gamma.logGamma(d / 2.0)), sdNorm = Math.sqrt(d - eNorm * eNorm);
        double s = cells.config().scales()[scale], sum = 0;
        int count = 0;
        for (int c = 0; c < cells.seeds(); c++) for (double v : cells.get(scale, nIndex, c).rowSigma()) { sum += v; count++; }
        double mean = sum / count, expected = s * eNorm, se = s * sdNorm / Math.sqrt(count);
        return new SigmaCheck(mean, expected, se, (mean - expected) / se);
    }

    static double mean(double[] v) { double s = 0; for (double x : v) s += x; return s / v.length; }

    static double sd(double[] v, double m) {
        if (v.length < 2) return 0;
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }
}
