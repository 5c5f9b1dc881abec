package org.ncsparse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.ComputePairing;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.budget.PowerBudget;
import org.ncsparse.theory.BudgetCalculator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ncsparse budget}: k per context length for a budget policy, and the equal-compute pairing
 * of a fixed k0 with alpha * n^C.
 */
@Command(name = "budget", mixinStandardHelpOptions = true,
        description = {"Print k, k/n and the compute ratio vs dense attention for a budget policy over a list of n.",
                "Compute ratio (exact top-k selection): (n*d + k*dv) / (n*d + n*dv) per row, d = dv;",
                "the score pass stays dense, only the value aggregation shrinks to k rows."},
        footer = {"", "Examples:", "  ncsparse budget --n 1024..65536x2 --power 1,0.5",
                "  ncsparse budget --n 1024,4096,16384 --fixed 32 --pair-power 0.5 --json",
                "  ncsparse budget --n 1024..65536x4 --power 1,0.5 --sigma 8        # predicted dropped mass and phase",
                "  ncsparse budget --n 1024..65536x4 --sigma 8 --target-tau 0.01    # the budget a target needs"})
public final class BudgetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--n", required = true, converter = IntGrid.Converter.class, paramLabel = "GRID",
            description = "Context lengths: a list 1024,4096 or a range 1024..65536x2 (factor) / 32..512+32 (step).")
    IntGrid nGrid;
    private int[] grid;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Policy policy;

    static final class Policy {
        @Option(names = "--fixed", paramLabel = "K", description = "Fixed budget k = K.") Integer fixed;
        @Option(names = "--power", paramLabel = "ALPHA,C", description = "k = ceil(ALPHA * n^C), C in (0, 1].") String power;
        @Option(names = "--log", paramLabel = "ALPHA", description = "k = ceil(ALPHA * ln n).") Double log;
    }

    @Option(names = "--pair-power", paramLabel = "C",
            description = "With --fixed K: the alpha of the equal-compute alpha*n^C line over the grid, and the alpha matching K at each n.")
    Double pairPower;

    @Option(names = "--sigma", paramLabel = "SIGMA",
            description = "Logit spread (Gaussian logits; s*sqrt(d) for iid N(0,1) Q and K): adds the phase m = sqrt(2 ln n)/sigma and the predicted dropped mass (docs/THEORY.md).")
    Double sigma;

    @Option(names = "--target-tau", paramLabel = "TAU",
            description = "With --sigma and no policy: the smallest k whose predicted mean dropped mass is <= TAU, per n.")
    Double targetTau;

    @Mixin JsonOption json;

    @Override
    public Integer call() throws Exception {
        grid = nGrid.values();
        if (sigma != null && !(sigma >= 1e-6 && sigma <= 1e6))
            throw new ParameterException(spec.commandLine(), "--sigma must be a number in [1e-6, 1e6], got " + sigma);
        if (targetTau != null) return calculatorTable();
        if (policy == null)
            throw new ParameterException(spec.commandLine(), "give one budget policy (--fixed K, --power ALPHA,C or --log ALPHA), or --target-tau TAU with --sigma");
        CountBudget budget = (CountBudget) policy();
        if (pairPower != null && policy.fixed == null)
            throw new ParameterException(spec.commandLine(), "--pair-power needs --fixed K (it pairs a fixed budget with alpha*n^C)");
        PowerBudget paired = null;
        double pairedAlpha = Double.NaN;
        if (pairPower != null) {
            pairedAlpha = checked("--pair-power: ", () -> ComputePairing.alphaOverGrid(policy.fixed, pairPower, grid));
            paired = new PowerBudget(pairedAlpha, pairPower);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n : grid) {
            Map<String, Object> row = new LinkedHashMap<>();
            int k = budget.k(n);
            row.put("n", n);
            row.put("k", k);
            row.put("k_over_n", (double) k / n);
            row.put("compute_ratio", (n + (double) k) / (2.0 * n));
            if (sigma != null) putPrediction(row, BudgetCalculator.forBudget(n, sigma, k));
            if (paired != null) {
                row.put("paired_k", paired.k(n));
                row.put("alpha_at_n", ComputePairing.alphaAtReference(policy.fixed, pairPower, n));
            }
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("policy", budget.spec());
            if (paired != null) {
                doc.put("pair_power_c", pairPower);
                doc.put("pair_alpha_over_grid", pairedAlpha);
                doc.put("paired_policy", paired.spec());
                doc.put("grid_compute_fixed", ComputePairing.gridCompute(budget, grid));
                doc.put("grid_compute_paired", ComputePairing.gridCompute(paired, grid));
            }
            doc.put("rows", rows);
            json.write(spec, doc);
        }
        if (json.tableOnStdout()) printTable(out, budget, paired, pairedAlpha, rows);
        out.flush();
        return 0;
    }

    /** --target-tau: k* per n from the finite-n Gaussian-logit model. */
    private int calculatorTable() throws Exception {
        if (policy != null) throw new ParameterException(spec.commandLine(), "--target-tau replaces the budget policy; drop --fixed/--power/--log");
        if (sigma == null) throw new ParameterException(spec.commandLine(), "--target-tau needs --sigma (the logit spread)");
        if (!(targetTau > 0 && targetTau < 1)) throw new ParameterException(spec.commandLine(), "--target-tau must be in (0, 1), got " + targetTau);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n : grid) {
            BudgetCalculator.Result r = BudgetCalculator.forTarget(n, sigma, targetTau);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", n);
            row.put("k", r.k());
            row.put("k_over_n", (double) r.k() / n);
            putPrediction(row, r);
            rows.add(row);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("sigma", sigma);
            doc.put("target_tau", targetTau);
            doc.put("rows", rows);
            json.write(spec, doc);
        }
        if (json.tableOnStdout()) {
            out.printf(Locale.ROOT, "smallest k with predicted dropped mass <= %s at sigma = %s (Gaussian logits, finite-n model)%n", targetTau, sigma);
            out.printf(Locale.ROOT, "%10s %8s %10s %9s %8s %12s %12s%n", "n", "k*", "k*/n", "m", "phase", "pred_tau", "rows_skipped");
            for (Map<String, Object> r : rows)
                out.printf(Locale.ROOT, "%10d %8d %10.5f %9.4g %8s %12.4g %11.1f%%%n", r.get("n"), r.get("k"), r.get("k_over_n"), r.get("m"),
                        r.get("phase"), r.get("predicted_tau"), 100 * (double) r.get("value_rows_skipped"));
            out.println("rows_skipped = 1 - k*/n: the share of value rows the sparse aggregation does not read (the score pass stays dense).");
        }
        out.flush();
        return 0;
    }

    private static void putPrediction(Map<String, Object> row, BudgetCalculator.Result r) {
        row.put("m", r.m());
        row.put("phase", r.phase().toString());
        row.put("predicted_tau", r.tauFiniteN());
        row.put("value_rows_skipped", r.computeSaved());
    }

    private void printTable(PrintWriter out, CountBudget budget, PowerBudget paired, double alpha, List<Map<String, Object>> rows) {
        out.println("policy " + budget.spec());
        if (paired != null) {
            out.printf(Locale.ROOT, "equal compute over the grid: alpha = %.6g  (%s; sum n*k: fixed %.4g, paired %.4g after rounding up)%n",
                    alpha, paired.spec(), ComputePairing.gridCompute(budget, grid), ComputePairing.gridCompute(paired, grid));
        }
        out.printf(Locale.ROOT, "%10s %8s %10s %14s%s%s%n", "n", "k", "k/n", "compute/dense",
                paired != null ? String.format(Locale.ROOT, " %9s %12s", "paired_k", "alpha_at_n") : "",
                sigma != null ? String.format(Locale.ROOT, " %9s %8s %12s", "m", "phase", "pred_tau") : "");
        for (Map<String, Object> r : rows) {
            out.printf(Locale.ROOT, "%10d %8d %10.5f %14.4f", r.get("n"), r.get("k"), r.get("k_over_n"), r.get("compute_ratio"));
            if (paired != null) out.printf(Locale.ROOT, " %9d %12.6g", r.get("paired_k"), r.get("alpha_at_n"));
            if (sigma != null) out.printf(Locale.ROOT, " %9.4g %8s %12.4g", r.get("m"), r.get("phase"), r.get("predicted_tau"));
            out.println();
        }
    }

    private BudgetPolicy policy() {
        if (policy.fixed != null) return checked("--fixed: ", () -> BudgetPolicy.fixed(policy.fixed));
        if (policy.log != null) return checked("--log: ", () -> BudgetPolicy.log(policy.log));
        String[] parts = policy.power.split(",");
        if (parts.length != 2) throw new ParameterException(spec.commandLine(), "--power takes ALPHA,C (e.g. 1,0.5), got '" + policy.power + "'");
        return checked("--power: ", () -> BudgetPolicy.parse("power:" + policy.power));
    }

    /** Turns a library IllegalArgumentException into a usage error labelled with the option (exit code 2). */
    private <T> T checked(String option, java.util.function.Supplier<T> s) {
        try { return s.get(); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), option + e.getMessage(), e, null, e.getMessage()); }
    }
}
