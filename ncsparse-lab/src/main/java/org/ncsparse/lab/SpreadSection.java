package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import org.ncsparse.lab.ClaimsData.Growth;
import org.ncsparse.lab.ClaimsData.SlowBudget;
import org.ncsparse.lab.claims.RowCurves;
import org.ncsparse.lab.claims.SpreadLaw;
import org.ncsparse.lab.claims.StratifiedBootstrap;
import org.ncsparse.lab.profile.HeadPoint;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.theory.Phase;
import org.ncsparse.theory.PowerLawFit;

/**
 * Claim 3 ("o(log n) is not enough") under three laws for the logit spread: fixed sigma, sigma
 * growing like sqrt(ln n) (fixed phase parameter m), and sigma(n) as measured on a real encoder,
 * with budgets that really are o(log n) beside Theta(log n), small powers and a fixed k; and the
 * real encoder's heads themselves at n = 32..512.
 */
final class SpreadSection {
    private SpreadSection() {}

    static String build(Reproduction.Context ctx, ClaimsData data, ClaimsTable claims) {
        int[] grid = data.grid();
        int resamples = ctx.config().bootstrap(), last = grid.length - 1;
        Table curve = new Table("law", "budget", "growth", "n", "sigma", "m", "k", "tau_mean", "ci_low", "ci_high", "theory");
        Table verdicts = new Table("law", "budget", "growth", "k_first", "k_last", "slope", "ci_low", "ci_high", "verdict", "theory_slope", "tau_first", "tau_last");
        List<SpreadLaw> laws = new ArrayList<>(List.of(data.laws.sigma8(), data.laws.fixedPhase(), data.laws.sigma4()));
        if (data.laws.measured() != null) laws.add(data.laws.measured());
        List<ClaimCharts.Panel> panels = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        double[] x = new double[grid.length];
        for (int i = 0; i < grid.length; i++) x[i] = grid[i];
        for (SpreadLaw law : laws) {
            RowCurves[] curves = data.of(law);
            List<Charts.Series> series = new ArrayList<>();
            int colour = 0;
            for (SlowBudget b : data.slow) {
                double[][] num = new double[grid.length][], den = new double[grid.length][];
                double[] mean = new double[grid.length], lo = new double[grid.length], hi = new double[grid.length], th = new double[grid.length];
                for (int i = 0; i < grid.length; i++) {
                    int n = grid[i], k = b.budget().k(n);
                    num[i] = curves[i].column(k);
                    den[i] = CSweepSection.ones(num[i].length);
                    StratifiedBootstrap.Interval iv = StratifiedBootstrap.mean(num[i], resamples, ctx.config().seed() + 13L * i + 7L * colour);
                    mean[i] = iv.estimate(); lo[i] = iv.low(); hi[i] = iv.high();
                    th[i] = Math.max(1e-300, data.theory.averaged(n, data.scale(law, n), m -> m.tau(k)));
                    curve.add(law.key(), b.label(), b.growth().name(), n, law.sigma(n), Phase.m(n, law.sigma(n)), k, mean[i], lo[i], hi[i], th[i]);
                }
                SlopeVerdict.Result v = SlopeVerdict.fit(grid, num, den, (n, r) -> r, 1, resamples, ctx.config().seed() * 577 + 31L * colour + law.key().hashCode());
                double ts = PowerLawFit.fit(x, th).exponent();
                verdicts.add(law.key(), b.label(), b.growth().name(), b.budget().k(grid[0]), b.budget().k(grid[last]), v.slope(), v.low(), v.high(), v.verdict(), ts, v.first(), v.last());
                rows.add(new String[] {colour == 0 ? Html.esc(law.label()) : "", Html.esc(b.label()), b.growth().html,
                        b.budget().k(grid[0]) + " &rarr; " + b.budget().k(grid[last]),
                        Html.num(mean[0]) + " &rarr; " + Html.num(mean[last]) + " [" + Html.num(lo[last]) + ", " + Html.num(hi[last]) + "]",
                        Html.fixed(v.slope(), 3) + " [" + Html.fixed(v.low(), 3) + ", " + Html.fixed(v.high(), 3) + "] <b>" + v.verdict() + "</b>", Html.fixed(ts, 3)});
                if (b.growth() == Growth.O_LOG && b.label().contains("sqrt")) logClaim(claims, law, v);
                java.awt.Color col = Charts.color(colour++);
                series.add(new Charts.Series(b.label(), x, mean, lo, hi, col, Charts.Dash.SOLID, true, true));
                series.add(new Charts.Series(b.label() + " theory", x, th, th, th, col, Charts.Dash.DOTTED, false, false));
            }
            panels.add(new ClaimCharts.Panel(law.label(), "n (log2)", Charts.Scale.LOG2, "mean dropped mass tau (log)", Charts.Scale.LOG10, series));
        }
        ctx.out().put("spread.png", ClaimCharts.row(panels, 560, 540));
        ctx.out().put("spread.csv", curve.toCsv());
        ctx.out().put("spread_verdicts.csv", verdicts.toCsv());
        StringBuilder html = new StringBuilder("<h2 id=\"spread\">Claim 3: is o(log n) enough? It depends on how the logit spread grows with n</h2>\n");
        html.append("<p>The same budgets under three laws for the logit spread &sigma;(n) of a row: fixed &sigma; (the paper's simulation), &sigma; = &radic;(2 ln n)/m "
                + "with the phase parameter m held at its n = " + grid[0] + ", &sigma; = 8 value (" + Html.fixed(data.laws.fixedPhase() instanceof SpreadLaw.FixedPhase fp ? fp.m() : 0, 3)
                + "), fixed &sigma; = 4 (a row that reaches the dense phase m &gt; 1 inside the grid)" + (data.laws.measured() != null
                ? ", and &sigma;(n) = a + b ln n fitted to the median head of all-MiniLM-L6-v2 at n = 32..512 (<i>extrapolated</i> beyond 512)" : "")
                + ". Budgets: &lceil;ln ln n&rceil; and &lceil;&radic;(ln n)&rceil; (truly o(log n)), &lceil;ln n&rceil; (&Theta;(log n)), two powers and a fixed k "
                + "started where &lceil;ln n&rceil; starts. " + data.settings.rows() + " independent rows per n, n = " + grid[0] + ".." + grid[last]
                + " (at the largest n, &lceil;ln n&rceil; = " + new org.ncsparse.budget.LogBudget(1).k(grid[last]) + " while the n<sup>0.2</sup> budget has "
                + data.slow.get(3).budget().k(grid[last]) + " keys, so the grid separates logarithmic from power growth). Dotted: finite-n theory.</p>\n");
        html.append("<figure id=\"fig-spread\"><img src=\"spread.png\" alt=\"spread laws\"><figcaption>Mean dropped mass vs n, one panel per spread law "
                + "(bands: 95% bootstrap interval per n).</figcaption></figure>\n");
        html.append(Html.table(new String[] {"spread law", "budget", "growth", "k over the grid", "&tau; first &rarr; last [95% at last n]",
                "slope [95%] verdict", "theory slope"}, rows));
        html.append("<p><b>Reading.</b> At fixed &sigma; the phase parameter m = &radic;(2 ln n)/&sigma; creeps up with n, the mass spreads, and the "
                + "dropped mass of every slowly growing budget rises: o(log n) fails, and so does &lceil;ln n&rceil;. When &sigma; grows like &radic;(ln n) "
                + "(m fixed below 1) the ranked weights converge to a fixed Poisson&ndash;Dirichlet law, so a fixed k keeps a fixed error and any budget that grows "
                + "at all&mdash;&lceil;ln ln n&rceil; included&mdash;drives the error down, if slowly. Whether o(log n) is enough is a statement about how the "
                + "logit spread of a model scales with n, which the paper's claim leaves implicit.</p>\n");
        html.append(realHeads(ctx, data, claims));
        return html.toString();
    }

    private static void logClaim(ClaimsTable claims, SpreadLaw law, SlopeVerdict.Result v) {
        String verdict = v.high() < 0 ? "not supported (the o(log n) error vanishes)" : v.low() > 0 ? "supported"
                : "supported only in the weak sense that the error does not vanish on this grid (slope interval includes 0)";
        claims.add(ClaimsTable.Claim.LOG_INSUFFICIENT, law.label() + ", k=ceil(sqrt(ln n))", verdict, "slope of tau(n)", v.slope(), v.low(), v.high(), "spread.png");
    }

    /** sigma(n) per head of the real encoder, and the budgets' dropped mass measured on its heads. */
    private static String realHeads(Reproduction.Context ctx, ClaimsData data, ClaimsTable claims) {
        ProfileResult r = data.heads;
        StringBuilder html = new StringBuilder("<h3 id=\"spread-heads\">The logit spread of a real encoder as n grows</h3>\n");
        if (r == null) return html.append("<p>Not measured: ").append(Html.esc(data.headsNote)).append(".</p>\n").toString();
        int[] ns = data.settings.realLengths();
        Table t = new Table("layer", "head", "n", "sigma", "m", "budget", "k", "dropped_mass");
        List<Double> gammas = new ArrayList<>();
        double[][] slopes = new double[data.slow.size()][];
        List<List<Double>> perBudget = new ArrayList<>();
        for (int b = 0; b < data.slow.size(); b++) perBudget.add(new ArrayList<>());
        List<Charts.Series> sig = new ArrayList<>();
        double[] x = new double[ns.length];
        for (int i = 0; i < ns.length; i++) x[i] = ns[i];
        int shown = 0;
        for (int l = 0; l < r.layers(); l++) for (int h = 0; h < r.heads(); h++) {
            List<HeadPoint> ps = r.series(l, h);
            if (ps.size() != ns.length) continue;
            double[] s = ps.stream().mapToDouble(HeadPoint::logitStd).toArray();
            for (HeadPoint p : ps) for (int b = 0; b < data.slow.size(); b++)
                t.add(l, h, p.n(), p.logitStd(), Phase.m(p.n(), p.logitStd()), data.slow.get(b).label(), data.slow.get(b).budget().k(p.n()), p.dropped()[b]);
            double[] lnln = new double[ns.length], lns = new double[ns.length];
            for (int i = 0; i < ns.length; i++) { lnln[i] = Math.log(Math.log(ns[i])); lns[i] = Math.log(s[i]); }
            gammas.add(ClaimsData.lineFit(lnln, lns)[1]);
            for (int b = 0; b < data.slow.size(); b++) {
                int fb = b;
                double[] dm = ps.stream().mapToDouble(p -> Math.max(1e-12, p.dropped()[fb])).toArray();
                perBudget.get(b).add(PowerLawFit.fit(x, dm).exponent());
            }
            sig.add(new Charts.Series("L" + l + "H" + h, x, s, s, s, Charts.color(l), Charts.Dash.SOLID, false, h == 0 ? true : false));
            shown++;
        }
        for (int b = 0; b < slopes.length; b++) slopes[b] = CSweepSection.toArray(perBudget.get(b));
        double[] g = CSweepSection.toArray(gammas);
        java.util.Arrays.sort(g);
        double[] ref = new double[x.length];
        double medianAt32 = median(r, ns[0]);
        for (int i = 0; i < x.length; i++) ref[i] = medianAt32 * Math.sqrt(Math.log(ns[i]) / Math.log(ns[0]));
        sig.add(new Charts.Series("sqrt(ln n) law through the median head at n=" + ns[0], x, ref, ref, ref, java.awt.Color.BLACK, Charts.Dash.DASHED, false, true));
        ctx.out().put("spread_heads.png", Charts.png("all-MiniLM-L6-v2: logit spread sigma per head vs n (colour = layer)", "n (log2)", Charts.Scale.LOG2,
                "sigma (std of a row's logits, log)", Charts.Scale.LOG10, sig, 1000, 600));
        ctx.out().put("spread_heads.csv", t.toCsv());
        StratifiedBootstrap.Interval gi = StratifiedBootstrap.of(new double[][][] {{g}}, m -> m[0][0], resamples(ctx), ctx.config().seed() + 99);
        StratifiedBootstrap.Interval gMed = medianInterval(g, resamples(ctx), ctx.config().seed() + 101);
        html.append("<p>" + shown + " heads of all-MiniLM-L6-v2 on the " + Html.esc(String.valueOf(org.ncsparse.lab.profile.ReferenceHeads.TEXT.getFileName())) + " licence text"
                + ", truncated to n = " + java.util.Arrays.toString(ns) + " tokens. Per head, &sigma;(n) = mean over rows of the standard deviation of the row's logits, "
                + "and the exponent &gamma; of &sigma; &prop; (ln n)<sup>&gamma;</sup> (&gamma; = 0: fixed &sigma;; &gamma; = 0.5: fixed phase m): median &gamma; = "
                + Html.fixed(gMed.estimate(), 3) + " [" + Html.fixed(gMed.low(), 3) + ", " + Html.fixed(gMed.high(), 3) + "], mean " + Html.fixed(gi.estimate(), 3)
                + ", quartiles " + Html.fixed(g[g.length / 4], 3) + " / " + Html.fixed(g[3 * g.length / 4], 3) + "; fitted median law for the extrapolation above: "
                + Html.esc(data.laws.measured() == null ? "none" : data.laws.measured().label()) + ".</p>\n");
        html.append("<figure id=\"fig-spread_heads\"><img src=\"spread_heads.png\" alt=\"sigma per head\"><figcaption>&sigma; per head vs n; dashed: a &radic;(ln n) law.</figcaption></figure>\n");
        List<String[]> rows = new ArrayList<>();
        for (int b = 0; b < data.slow.size(); b++) {
            double[] sl = slopes[b].clone();
            java.util.Arrays.sort(sl);
            int falling = 0;
            for (double v : sl) if (v < 0) falling++;
            StratifiedBootstrap.Interval med = medianInterval(sl, resamples(ctx), ctx.config().seed() + 200 + b);
            int fb = b;
            double d32 = r.meanDropped(ns[0], b), d512 = r.meanDropped(ns[ns.length - 1], b);
            rows.add(new String[] {Html.esc(data.slow.get(b).label()), data.slow.get(b).growth().html, falling + " of " + sl.length,
                    Html.fixed(med.estimate(), 3) + " [" + Html.fixed(med.low(), 3) + ", " + Html.fixed(med.high(), 3) + "]", Html.num(d32) + " &rarr; " + Html.num(d512)});
            if (data.slow.get(fb).label().contains("sqrt")) {
                String verdict = med.high() < 0 ? "not supported on these heads (their o(log n) error falls over n = 32..512)" : "supported";
                claims.add(ClaimsTable.Claim.LOG_INSUFFICIENT, "all-MiniLM-L6-v2 heads, n=32..512, k=ceil(sqrt(ln n))", verdict,
                        "median over heads of the slope of tau(n)", med.estimate(), med.low(), med.high(), "spread_heads.png");
            }
        }
        List<Double> cs = new ArrayList<>();
        for (int l = 0; l < r.layers(); l++) for (int h = 0; h < r.heads(); h++) if (r.fits()[l][h] != null && r.fits()[l][h][0] != null) cs.add(r.fits()[l][h][0].c());
        if (!cs.isEmpty()) {
            StratifiedBootstrap.Interval cm = medianInterval(CSweepSection.toArray(cs), resamples(ctx), ctx.config().seed() + 300);
            claims.add(ClaimsTable.Claim.SPARSE, "all-MiniLM-L6-v2 heads, n=" + ns[0] + ".." + ns[ns.length - 1] + ", k needed for mean dropped mass "
                    + r.settings().taus()[0], cm.high() < 0.9 ? "supported" : cm.low() > 0.9 ? "not supported (these heads need a budget close to linear in n)"
                    : "supported only for some heads (median interval reaches 0.9)", "median over heads of the exponent C of k_needed(n)", cm.estimate(), cm.low(), cm.high(), "spread_heads.png");
        }
        html.append(Html.table(new String[] {"budget", "growth", "heads whose dropped mass falls with n", "median slope over heads [95%, heads resampled]",
                "mean over heads: n = " + ns[0] + " &rarr; " + ns[ns.length - 1]}, rows));
        return html.toString();
    }

    private static int resamples(Reproduction.Context ctx) { return Math.max(200, ctx.config().bootstrap()); }

    private static double median(ProfileResult r, int n) {
        List<Double> v = new ArrayList<>();
        for (HeadPoint p : r.at(n)) v.add(p.logitStd());
        return ClaimsData.median(v);
    }

    /** The median of values with a bootstrap interval (values resampled). */
    static StratifiedBootstrap.Interval medianInterval(double[] values, int resamples, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        double[] boot = new double[resamples], pick = new double[values.length];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < pick.length; i++) pick[i] = values[rnd.nextInt(values.length)];
            boot[b] = medianOf(pick);
        }
        java.util.Arrays.sort(boot);
        return new StratifiedBootstrap.Interval(medianOf(values), boot[(int) Math.floor(0.025 * (resamples - 1))], boot[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    static double medianOf(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int m = s.length;
        return m % 2 == 1 ? s[m / 2] : 0.5 * (s[m / 2 - 1] + s[m / 2]);
    }
}
