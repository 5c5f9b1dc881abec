package org.ncsparse.lab;

import java.util.List;

/**
 * Claims-table rows read off the main Gaussian sweep (the 1/sqrt(d) regime) and the bounded-logit
 * sweep: sparsity and top-n^C at sigma = 1, o(log n) and n^C under bounded logits, and attention
 * collapse (the exponent of the effective support exp(H(p))) with and without bounded weights.
 */
final class MainSweepClaims {
    private MainSweepClaims() {}

    static void add(Reproduction.Context ctx, Cells bounded, ClaimsTable claims) {
        Cells cells = ctx.cells();
        Reproduction.Config c = ctx.config();
        int model = Reproduction.Scale.MODEL.index(), paper = Reproduction.Scale.PAPER.index();
        SlopeVerdict.Result km = SlopeVerdict.fit(cells.config().grid(), cells.pooled(model, (cl, r) -> cl.kMass()[r][0]), cells.pooled(model, (cl, r) -> 1),
                (n, r) -> r, cells.seeds(), c.bootstrap(), c.seed() + 7 * model);
        claims.add(ClaimsTable.Claim.SPARSE, "Gaussian Q, K with s=1/sqrt(d) (sigma=1), k_mass(0.9)", km.low() > 0.9 ? "not supported (k_mass grows linearly: dense)"
                : km.high() < 0.9 ? "supported" : "supported only weakly", "exponent of k_mass(0.9) vs n", km.slope(), km.low(), km.high(), "collapse_kmass.png");
        int pow64 = Reproduction.lines(cells.config().grid()).indexOf(Reproduction.lines(cells.config().grid()).stream()
                .filter(l -> l.role() == Reproduction.Role.PAIRED_POWER && l.pairK0() == 64).findFirst().orElseThrow());
        SlopeVerdict.Result p = Figure2Section.verdict(cells, model, pow64, Figure2Section.Metric.DROPPED_MASS, c);
        claims.add(ClaimsTable.Claim.POWER_SUFFICES, "Gaussian Q, K with s=1/sqrt(d) (sigma=1), k=alpha n^0.5 paired with 64", p.high() < 0 ? "supported" : "not supported",
                "slope of tau(n)", p.slope(), p.low(), p.high(), "fig2_sigma1_dropped_mass.png");
        List<org.ncsparse.budget.CountBudget> bb = bounded.config().budgets();
        for (int b = 0; b < bb.size(); b++) {
            int fb = b;
            if (!(bb.get(b) instanceof org.ncsparse.budget.LogBudget) && !(bb.get(b) instanceof org.ncsparse.budget.PowerBudget)) continue;
            SlopeVerdict.Result v = SlopeVerdict.fit(bounded.config().grid(), bounded.pooled(0, (cl, r) -> cl.tau()[r][fb]), bounded.pooled(0, (cl, r) -> 1),
                    (n, r) -> r, bounded.seeds(), c.bootstrap(), c.seed() * 3 + b);
            boolean log = bb.get(b) instanceof org.ncsparse.budget.LogBudget;
            String regime = "bounded logits |z| <= " + Html.num(BoundedSection.RADIUS * BoundedSection.RADIUS) + ", " + Figure2Section.label(bb.get(b)).replace("k=", "k = ");
            if (log) claims.add(ClaimsTable.Claim.LOG_INSUFFICIENT, regime + " (Theta(log n): every o(log n) budget keeps less)",
                    v.high() < 0 ? "not supported" : "supported", "slope of tau(n)", v.slope(), v.low(), v.high(), "bounded.png");
            else claims.add(ClaimsTable.Claim.POWER_SUFFICES, regime, v.high() < 0 ? "supported" : "not supported (error tends to 1 for any o(n) budget)",
                    "slope of tau(n)", v.slope(), v.low(), v.high(), "bounded.png");
        }
        SlopeVerdict.Result eb = SlopeVerdict.fit(bounded.config().grid(), bounded.pooled(0, (cl, r) -> cl.effSupport()[r]), bounded.pooled(0, (cl, r) -> 1),
                (n, r) -> r, bounded.seeds(), c.bootstrap(), c.seed() + 41);
        claims.add(ClaimsTable.Claim.COLLAPSE, "bounded logits |z| <= " + Html.num(BoundedSection.RADIUS * BoundedSection.RADIUS) + " (the paper's bounded weights)",
                eb.low() > 0.9 ? "not supported (effective support grows like n)" : eb.high() < 0.5 ? "supported" : "not supported (effective support grows with n)",
                "exponent of the effective support exp(H) vs n", eb.slope(), eb.low(), eb.high(), "bounded.png");
        SlopeVerdict.Result eg = SlopeVerdict.fit(cells.config().grid(), cells.pooled(paper, (cl, r) -> cl.effSupport()[r]), cells.pooled(paper, (cl, r) -> 1),
                (n, r) -> r, cells.seeds(), c.bootstrap(), c.seed() + 11L * paper);
        claims.add(ClaimsTable.Claim.COLLAPSE, "Gaussian Q, K with s=1 (sigma=8, logit range grows like sqrt(ln n))",
                eg.high() < 0.25 ? "supported only when the logit range grows with n (not under bounded weights)" : "not supported",
                "exponent of the effective support exp(H) vs n", eg.slope(), eg.low(), eg.high(), "collapse_support.png");
    }
}
