package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.ComputePairing;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.theory.BoundedLogits;

/**
 * Bounded logits: q, k on the sphere of radius B (d = 8), s = 1, so |z| &le; R = B^2 for every n.
 * Simulated dropped mass of ceil(ln n), fixed 16 and alpha n^0.5 against the lower bound
 * (n-k)/((n-k) + k e^{2R}) that holds for every k-subset.
 */
final class BoundedSection {
    private BoundedSection() {}

    static final double RADIUS = 1.5;

    static List<CountBudget> budgets(int[] grid) {
        return List.of((CountBudget) BudgetPolicy.log(1), (CountBudget) BudgetPolicy.fixed(16),
                (CountBudget) BudgetPolicy.power(ComputePairing.alphaOverGrid(16, 0.5, grid), 0.5));
    }

    static String build(Reproduction.Context ctx, Cells cells) {
        SweepConfig cfg = cells.config();
        double r = RADIUS * RADIUS;
        Table t = new Table("n", "policy", "k", "seed", "source", "dropped_mass");
        List<Charts.Series> series = new ArrayList<>();
        double[] x = cells.xs();
        List<String[]> rows = new ArrayList<>();
        for (int p = 0; p < cfg.budgets().size(); p++) {
            CountBudget b = cfg.budgets().get(p);
            int fp = p;
            double[][] band = cells.band(0, cl -> cl.meanTau(fp));
            double[] bound = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int n = cfg.grid()[i], k = b.k(n);
                bound[i] = BoundedLogits.minDroppedMass(n, k, r);
                for (int c = 0; c < cells.seeds(); c++) t.add(n, b.spec(), k, cfg.seeds()[c], "simulation", cells.get(0, i, c).meanTau(p));
                t.add(n, b.spec(), k, 0L, "lower_bound", bound[i]);
            }
            String label = Figure2Section.label(b);
            series.add(new Charts.Series(label + " simulated", x, band[0], band[1], band[2], Charts.color(p), Charts.Dash.SOLID, true, true));
            series.add(new Charts.Series(label + " lower bound", x, bound, bound, bound, Charts.color(p), Charts.Dash.DOTTED, false, true));
            boolean holds = true;
            for (int i = 0; i < x.length; i++) holds &= band[1][i] >= bound[i] - 1e-12;
            rows.add(new String[] {label, Html.num(band[0][0]) + " &rarr; " + Html.num(band[0][x.length - 1]),
                    Html.num(bound[0]) + " &rarr; " + Html.num(bound[x.length - 1]), holds ? "yes" : "<b>NO</b>"});
        }
        ctx.out().put("bounded.png", Charts.png("Bounded logits |z| <= R = " + Html.num(r) + ": dropped mass vs n", "n (keys per row, log2 scale)",
                Charts.Scale.LOG2, "mean dropped mass tau (log scale)", Charts.Scale.LOG10, series, 1000, 620));
        ctx.out().put("bounded.csv", t.toCsv());
        StringBuilder html = new StringBuilder("<h2 id=\"bounded\">Bounded logits: why o(log n) (and, at fixed R, any o(n)) is not enough</h2>\n");
        html.append("<p>Queries and keys on the sphere of radius B = " + RADIUS + " in d = 8, scale 1: every logit lies in [&minus;R, R] with R = B&sup2; = "
                + Html.num(r) + ", whatever n. Every p<sub>ij</sub> is then within e<sup>&plusmn;2R</sup> of 1/n, and any k kept keys drop at least "
                + "(n&minus;k)/((n&minus;k) + k&middot;e<sup>2R</sup>) (dotted). " + cfg.workload().describe() + ".</p>\n");
        html.append(Html.figure("bounded.png", "bounded logits: simulated dropped mass (solid) and the lower bound (dotted)"));
        html.append(Html.table(new String[] {"budget", "simulated &tau; (first &rarr; last n)", "bound (first &rarr; last n)", "bound holds"}, rows));
        html.append("<p>With R fixed the bound tends to 1 for any k = o(n): ln n keys, and also n<sup>0.5</sup> keys, lose almost all the mass. The paper's "
                + "n<sup>C</sup> result therefore needs logits whose range grows with n (R &ge; (1&minus;C)/2&middot;ln n), as in the Gaussian s = 1 setting.</p>\n");
        return html.toString();
    }
}
