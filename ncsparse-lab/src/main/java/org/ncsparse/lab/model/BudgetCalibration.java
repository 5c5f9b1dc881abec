package org.ncsparse.lab.model;

import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.lab.profile.FitsFile;
import org.ncsparse.lab.profile.PowerFit;
import org.ncsparse.model.block.AttentionPlan;

import java.util.Locale;

/**
 * Equal average budget: the mean number of kept keys per attention row over a corpus, where a chunk
 * of n tokens contributes n rows (per head and layer) of n visible keys:
 * k̄ = Σ_c n_c·k(n_c) / Σ_c n_c. For count policies k(n) is known in advance, so each family's
 * parameter is solved (bisection / integer search) to hit the target k̄.
 */
public final class BudgetCalibration {
    private final int[] lengths;

    public BudgetCalibration(int[] chunkLengths) {
        if (chunkLengths.length == 0) throw new IllegalArgumentException("chunkLengths must not be empty");
        this.lengths = chunkLengths.clone();
    }

    /** Average kept keys per row of a count function k(n) (clamped to [1, n]). */
    public double average(java.util.function.IntUnaryOperator k) {
        double num = 0, den = 0;
        for (int n : lengths) { num += (double) n * Math.max(1, Math.min(n, k.applyAsInt(n))); den += n; }
        return num / den;
    }

    /** fixed:k with k̄ closest to the target. */
    public EvalPolicy fixed(double target) {
        int k = closest(target, 1, 512, 0);
        return new EvalPolicy("fixed", "fixed:" + k, target, AttentionPlan.uniform(BudgetPolicy.fixed(k)));
    }

    /** The integer x in [lo, hi] whose constant budget offset + x has k̄ closest to the target. */
    private int closest(double target, int lo, int hi, int offset) {
        int best = lo;
        double bestErr = Double.MAX_VALUE;
        for (int x = lo; x <= hi; x++) {
            int kept = offset + x;
            double err = Math.abs(average(n -> kept) - target);
            if (err < bestErr) { bestErr = err; best = x; }
        }
        return best;
    }

    /** sinkWindow:4,w (4 sink tokens + a window of w) with k̄ closest to the target. */
    public EvalPolicy sinkWindow(double target) {
        int best = closest(target, 0, 512, 4);
        return new EvalPolicy("sinkWindow", "sinkWindow:4," + best, target, AttentionPlan.uniform(BudgetPolicy.sinkWindow(4, best)));
    }

    /** power:α,C with α solved for the target. */
    public EvalPolicy power(double target, double c) {
        double alpha = solve(a -> average(n -> (int) Math.ceil(a * Math.pow(n, c))), target);
        return new EvalPolicy("power(C=" + fmt(c) + ")", "power:" + fmt(alpha) + "," + fmt(c), target,
                AttentionPlan.uniform(BudgetPolicy.power(alpha, c)));
    }

    /**
     * Per-head fitted budgets: head (l, h) keeps ceil(λ·α_lh·n^C_lh) with (α, C) from a profile fit
     * (C clamped to (0, 1]) and one λ for the whole model solved so that the mean over heads hits the target.
     */
    public EvalPolicy perHead(double target, PowerFit[][] fits) {
        int layers = fits.length, heads = fits[0].length;
        double lambda = solve(lam -> {
            double s = 0;
            for (PowerFit[] row : fits) for (PowerFit f : row) { double c = clampC(f.c()); s += average(n -> (int) Math.ceil(lam * f.alpha() * Math.pow(n, c))); }
            return s / (layers * heads);
        }, target);
        return new EvalPolicy("per-head fitted", "per-head power (lambda=" + fmt(lambda) + ")", target, FitsFile.plan(fits, lambda));
    }

    static double clampC(double c) { return FitsFile.clampC(c); }

    /** Bisection on a log scale for an increasing function f(x) = target, x in [1e-4, 1e4]. */
    static double solve(java.util.function.DoubleUnaryOperator f, double target) {
        double lo = 1e-4, hi = 1e4;
        for (int i = 0; i < 80; i++) {
            double mid = Math.sqrt(lo * hi);
            if (f.applyAsDouble(mid) < target) lo = mid; else hi = mid;
        }
        return Math.sqrt(lo * hi);
    }

    static String fmt(double v) { return String.format(Locale.ROOT, "%.4g", v); }
}
