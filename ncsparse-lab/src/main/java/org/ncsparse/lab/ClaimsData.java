package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.LogBudget;
import org.ncsparse.budget.LogLogBudget;
import org.ncsparse.budget.LogPowerBudget;
import org.ncsparse.budget.PowerBudget;
import org.ncsparse.budget.FixedBudget;
import org.ncsparse.lab.claims.ClaimsSweep;
import org.ncsparse.lab.claims.RowCurves;
import org.ncsparse.lab.claims.SpreadLaw;
import org.ncsparse.lab.profile.HeadPoint;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.lab.profile.ReferenceHeads;
import org.ncsparse.theory.Phase;

/**
 * Everything the claims sections read: the spread laws, the budgets, the independent-row curves
 * of every (law, n), the real encoder's heads at several n, and the theory overlay.
 */
final class ClaimsData {
    /** The spread laws by role (measured is null when the encoder could not run). */
    record Laws(SpreadLaw sigma4, SpreadLaw sigma8, SpreadLaw sigma12, SpreadLaw fixedPhase, SpreadLaw measured) {
        List<SpreadLaw> all() {
            List<SpreadLaw> l = new ArrayList<>(List.of(sigma4, sigma8, sigma12, fixedPhase));
            if (measured != null) l.add(measured);
            return l;
        }

        /** The fixed-sigma laws of the C sweep, by increasing sigma. */
        List<SpreadLaw> fixedSigmas() { return List.of(sigma4, sigma8, sigma12); }
    }

    /** How fast a budget grows: the classes the paper's claims 2 and 3 are about. */
    enum Growth {
        O_LOG("o(log n)"), THETA_LOG("&Theta;(log n)"), POWER("n<sup>C</sup>"), FIXED("fixed");
        final String html;
        Growth(String html) { this.html = html; }
    }

    /** A budget of the o(log n) test with its growth class. */
    record SlowBudget(String label, Growth growth, CountBudget budget) {}

    /** alpha n^C started at k*(n_0) of the theory for the target tau, at spread law `law`. */
    record CBudget(SpreadLaw law, double target, double c, int kFirst, PowerBudget budget) {}

    /** Stored per-row k never exceed this (larger budgets are reported as not measured). */
    static final int K_CAP = 32768;
    static final double[] C_VALUES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    static final double[] TARGETS = {0.1, 0.03, 0.01};
    static final double SIGMA_REF = 8;

    final ClaimsSettings settings;
    final Laws laws;
    final List<SlowBudget> slow;
    final List<CBudget> cBudgets;
    final Map<SpreadLaw, RowCurves[]> curves = new LinkedHashMap<>();
    final ProfileResult heads;   // null when the encoder did not run
    final String headsNote;      // why it did not, or what ran
    final TheoryOverlay theory;
    final int d;

    private ClaimsData(ClaimsSettings s, int d, Laws laws, List<SlowBudget> slow, List<CBudget> cBudgets, ProfileResult heads,
                       String headsNote, TheoryOverlay theory) {
        this.settings = s; this.d = d; this.laws = laws; this.slow = slow; this.cBudgets = cBudgets;
        this.heads = heads; this.headsNote = headsNote; this.theory = theory;
    }

    int[] grid() { return settings.grid(); }

    RowCurves[] of(SpreadLaw law) { return curves.get(law); }

    /** Scale s with sigma = s sqrt(d) at length n under the law. */
    double scale(SpreadLaw law, int n) { return law.sigma(n) / Math.sqrt(d); }

    static ClaimsData run(Reproduction.Config c, Consumer<String> say) {
        ClaimsSettings s = c.claims();
        int n0 = s.grid()[0];
        ProfileResult heads = null;
        String note;
        List<SlowBudget> slow = slowBudgets(n0);
        SpreadLaw measured = null;
        if (s.realLengths().length == 0) note = "not run in this mode";
        else {
            say.accept("reproduce: claims: all-MiniLM-L6-v2 heads at n = " + java.util.Arrays.toString(s.realLengths()));
            try {
                List<BudgetPolicy> b = new ArrayList<>();
                for (SlowBudget sb : slow) b.add(sb.budget());
                heads = ReferenceHeads.minilm(ProfileSettings.defaults(c.threads()).withLengths(s.realLengths()).withBudgets(b));
                double[] ab = medianSpreadLaw(heads);
                measured = new SpreadLaw.Fitted("MiniLM median head", ab[0], ab[1]);
                note = "all-MiniLM-L6-v2 on the " + ReferenceHeads.TEXT.getFileName() + " licence text";
            } catch (Exception | LinkageError e) {
                note = "profiling all-MiniLM-L6-v2 failed (" + e.getMessage() + ")";
            }
        }
        Laws laws = new Laws(new SpreadLaw.Fixed(4), new SpreadLaw.Fixed(SIGMA_REF), new SpreadLaw.Fixed(12),
                new SpreadLaw.FixedPhase(Phase.m(n0, SIGMA_REF)), measured);
        TheoryOverlay theory = new TheoryOverlay(c.d(), s.theorySamples());
        List<CBudget> cb = new ArrayList<>();
        for (SpreadLaw law : laws.fixedSigmas()) for (double t : TARGETS) {
            int k0 = (int) theory.kStarAveraged(n0, law.sigma(n0) / Math.sqrt(c.d()), t);
            for (double cc : C_VALUES) cb.add(new CBudget(law, t, cc, k0, new PowerBudget(k0 / Math.pow(n0, cc), cc)));
        }
        ClaimsData data = new ClaimsData(s, c.d(), laws, slow, cb, heads, note, theory);
        say.accept("reproduce: claims: independent rows, n = " + n0 + ".." + s.grid()[s.grid().length - 1] + ", " + s.rows() + " rows per n, "
                + laws.all().size() + " spread laws");
        ClaimsSweep sweep = new ClaimsSweep(s.grid(), s.rows(), s.groups(), laws.all(), c.d(), c.seed() * 1_000_003L + 17, s.kRow(), s.kSel(),
                data::storedKs, c.threads());
        RowCurves[][] rc = sweep.run();
        for (int l = 0; l < laws.all().size(); l++) data.curves.put(laws.all().get(l), rc[l]);
        return data;
    }

    /** The k of every budget at length n that must be stored per row (capped at K_CAP). */
    int[] storedKs(int n) {
        TreeSet<Integer> ks = new TreeSet<>();
        for (SlowBudget b : slow) ks.add(b.budget().k(n));
        for (CBudget b : cBudgets) { int k = b.budget().k(n); if (k <= K_CAP) ks.add(k); }
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether a budget's k stays within the stored range over the whole grid. */
    boolean measurable(CountBudget b) {
        for (int n : grid()) if (b.k(n) > K_CAP && b.k(n) < n) return false;
        return true;
    }

    /**
     * The o(log n) test: ceil(ln ln n), ceil(sqrt(ln n)) (both o(log n)), ceil(ln n) (Theta(log n)),
     * small powers and a fixed k, the last three starting at k(n_0) = ceil(ln n_0).
     */
    static List<SlowBudget> slowBudgets(int n0) {
        int k0 = new LogBudget(1).k(n0);
        return List.of(
                new SlowBudget("ceil(ln ln n)", Growth.O_LOG, new LogLogBudget(1)),
                new SlowBudget("ceil(sqrt(ln n))", Growth.O_LOG, new LogPowerBudget(1, 0.5)),
                new SlowBudget("ceil(ln n)", Growth.THETA_LOG, new LogBudget(1)),
                new SlowBudget("ceil(a n^0.2)", Growth.POWER, new PowerBudget(k0 / Math.pow(n0, 0.2), 0.2)),
                new SlowBudget("ceil(a n^0.5)", Growth.POWER, new PowerBudget(k0 / Math.pow(n0, 0.5), 0.5)),
                new SlowBudget("fixed k=" + k0, Growth.FIXED, new FixedBudget(k0)));
    }

    /** Per head, sigma(n) = a + b ln n by least squares; returns the medians of a and b over heads. */
    static double[] medianSpreadLaw(ProfileResult r) {
        List<Double> as = new ArrayList<>(), bs = new ArrayList<>();
        for (int l = 0; l < r.layers(); l++) for (int h = 0; h < r.heads(); h++) {
            List<HeadPoint> ps = r.series(l, h);
            if (ps.size() < 2) continue;
            double[] fit = lineFit(ps.stream().mapToDouble(p -> Math.log(p.n())).toArray(), ps.stream().mapToDouble(HeadPoint::logitStd).toArray());
            as.add(fit[0]); bs.add(fit[1]);
        }
        return new double[] {median(as), median(bs)};
    }

    /** Least squares y = a + b x: {a, b}. */
    static double[] lineFit(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) { mx += x[i]; my += y[i]; }
        mx /= x.length; my /= x.length;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b};
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int m = s.size();
        return m == 0 ? Double.NaN : m % 2 == 1 ? s.get(m / 2) : 0.5 * (s.get(m / 2 - 1) + s.get(m / 2));
    }
}
