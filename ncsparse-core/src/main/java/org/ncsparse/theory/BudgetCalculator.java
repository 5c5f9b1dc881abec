package org.ncsparse.theory;

/**
 * The budget calculator of SPEC section 2: for a row length n and a logit spread sigma (Gaussian
 * logits; sigma = s sqrt(d) for iid N(0,1) queries and keys), either evaluate a budget k = alpha n^C
 * or find the budget for a target dropped mass, with the phase and the compute saved.
 */
public final class BudgetCalculator {
    private BudgetCalculator() {}

    /**
     * @param k              the budget (keys kept per row)
     * @param tauFiniteN     E tau(k) by {@link FiniteNTail} (the prediction to use)
     * @param tauDense       {@link DenseTail} asymptote (dense phase)
     * @param tauPd          {@link PoissonDirichletTail} large-k asymptote at m (NaN when m &ge; 1)
     * @param computeSaved   1 - k/n: the fraction of value rows (aggregation work) not touched
     */
    public record Result(long n, double sigma, double m, Phase phase, long k,
                         double tauFiniteN, double tauDense, double tauPd, double computeSaved) {
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "n=%d sigma=%.4g m=%.3f phase=%s k=%d predicted tau=%.4g (dense asymptote %.4g, PD(m) asymptote %s) compute saved=%.1f%%",
                    n, sigma, m, phase, k, tauFiniteN, tauDense,
                    Double.isNaN(tauPd) ? "n/a" : String.format(java.util.Locale.ROOT, "%.4g", tauPd), 100 * computeSaved);
        }
    }

    /** Evaluates k = clamp(ceil(alpha n^C), 1, n). */
    public static Result forPowerBudget(long n, double sigma, double alpha, double c) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha must be finite and > 0, got " + alpha);
        if (!(c > 0 && c <= 1)) throw new IllegalArgumentException("C must be in (0, 1], got " + c);
        double raw = alpha * Math.pow(n, c);
        long k = raw >= n ? n : Math.max(1, (long) Math.ceil(raw - 1e-9));
        return evaluate(n, sigma, k, FiniteNTail.of(n, sigma));
    }

    /** Evaluates any budget of k keys per row. */
    public static Result forBudget(long n, double sigma, long k) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k must be in [1, n] = [1, " + n + "], got " + k);
        return evaluate(n, sigma, k, FiniteNTail.of(n, sigma));
    }

    /** The smallest k whose predicted mean dropped mass is at most {@code tau}. */
    public static Result forTarget(long n, double sigma, double tau) {
        FiniteNTail model = FiniteNTail.of(n, sigma);
        return evaluate(n, sigma, model.kStar(tau), model);
    }

    private static Result evaluate(long n, double sigma, long k, FiniteNTail model) {
        double m = Phase.m(n, sigma);
        double pd = m < 1 ? PoissonDirichletTail.asymptoticTau(k, m) : Double.NaN;
        return new Result(n, sigma, m, Phase.of(n, sigma), k, model.tau(k), DenseTail.tau(n, k, sigma), pd, 1 - (double) k / n);
    }
}
