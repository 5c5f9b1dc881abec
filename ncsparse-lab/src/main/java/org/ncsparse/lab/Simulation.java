package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.ncsparse.budget.CountBudget;
import org.ncsparse.theory.DenseTail;
import org.ncsparse.theory.PowerLawFit;

/**
 * One experiment with custom parameters ({@code ncsparse simulate}): writes simulate.csv
 * (tidy: experiment,scale,n,seed,metric,param,value), simulate.json (parameters + fitted slopes)
 * and simulate.png.
 */
public final class Simulation {
    private Simulation() {}

    public enum Experiment {
        SEPS("S_eps/n vs n (Figure 1)"), TOPK("top-k errors vs n per budget (Figure 2)"),
        COLLAPSE("k_mass(0.9)/n vs n (effective support in the CSV)"), TAU("dropped mass tau(k) vs k per n, with theory");

        public final String description;
        Experiment(String d) { description = d; }

        public static Experiment parse(String s) {
            for (Experiment e : values()) if (e.name().equalsIgnoreCase(s)) return e;
            throw new IllegalArgumentException("unknown experiment '" + s + "'; choose one of seps, topk, collapse, tau");
        }
    }

    public record Spec(Experiment experiment, int[] grid, long seed, int seeds, int rows, Workload workload, double[] scales,
                       double[] eps, List<CountBudget> budgets, int fullMatrixMax, int threads) {
        public Spec {
            if (experiment == null) throw new IllegalArgumentException("experiment must be given");
            if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
            if (experiment == Experiment.TOPK && budgets.isEmpty()) throw new IllegalArgumentException("topk needs at least one --budget");
        }

        public SweepConfig sweep() {
            long[] s = new long[seeds];
            for (int i = 0; i < seeds; i++) s[i] = seed + i;
            int maxN = 0;
            for (int n : grid) maxN = Math.max(maxN, n);
            return new SweepConfig(grid, s, rows, workload, scales, budgets, new SweepConfig.Measures(eps, new double[] {0.1, 0.01},
                    experiment == Experiment.TAU ? Reproduction.probes(maxN) : new int[0], fullMatrixMax, scales.length), threads);
        }
    }

    public static OutputFolder run(Spec spec, Consumer<String> progress) {
        SweepConfig cfg = spec.sweep(); // validates the grid, scales, eps
        progress.accept("simulate " + spec.experiment().name().toLowerCase(Locale.ROOT) + ": " + spec.workload().describe()
                + ", n = " + java.util.Arrays.toString(cfg.grid()) + ", " + spec.seeds() + " seeds x " + spec.rows() + " rows");
        Cells cells = new Cells(cfg, Sweep.run(cfg, progress));
        Table t = new Table("experiment", "scale", "n", "seed", "metric", "param", "value");
        List<Charts.Series> series = new ArrayList<>();
        Map<String, Object> fits = new LinkedHashMap<>();
        String exp = spec.experiment().name().toLowerCase(Locale.ROOT);
        double[] x = cells.xs();
        int colour = 0;
        String yLabel;
        Charts.Scale xs = Charts.Scale.LOG2;
        String xLabel = "n (keys per row, log2 scale)";
        for (int a = 0; a < cfg.scales().length; a++) {
            double s = cfg.scales()[a];
            String sTag = cfg.scales().length > 1 ? " s=" + Html.num(s) : "";
            for (int b = 0; b < cfg.grid().length; b++) for (int c = 0; c < cells.seeds(); c++) {
                Cell cl = cells.get(a, b, c);
                switch (spec.experiment()) {
                    case SEPS -> { for (int e = 0; e < cfg.eps().length; e++) t.add(exp, s, cl.n(), cl.seed(), "seps_over_n", cfg.eps()[e], cl.meanSEps(e)); }
                    case TOPK -> {
                        for (int p = 0; p < cfg.budgets().size(); p++) {
                            String pol = cfg.budgets().get(p).spec();
                            t.add(exp, s, cl.n(), cl.seed(), "dropped_mass", pol, cl.meanTau(p));
                            t.add(exp, s, cl.n(), cl.seed(), "row_l1", pol, 2 * cl.meanTau(p));
                            t.add(exp, s, cl.n(), cl.seed(), "output_rel_err", pol, cl.outputRelError(p));
                            t.add(exp, s, cl.n(), cl.seed(), "paper_fro_rows", pol, cl.paperFrobeniusFromRows(p));
                            if (cl.fullSpectral() != null) t.add(exp, s, cl.n(), cl.seed(), "paper_spec_full", pol, cl.fullSpectral()[p]);
                        }
                    }
                    case COLLAPSE -> {
                        t.add(exp, s, cl.n(), cl.seed(), "kmass90_over_n", "", cl.meanKMass(0) / cl.n());
                        t.add(exp, s, cl.n(), cl.seed(), "eff_support", "", cl.meanEffSupport());
                    }
                    case TAU -> {
                        for (int i = 0; i < cl.probeKs().length; i++)
                            if (cl.probeKs()[i] < cl.n()) t.add(exp, s, cl.n(), cl.seed(), "dropped_mass", "k=" + cl.probeKs()[i], cl.meanTauProbe(i));
                    }
                }
            }
            switch (spec.experiment()) {
                case SEPS -> {
                    for (int e = 0; e < cfg.eps().length; e++) {
                        int fe = e;
                        double[][] band = cells.band(a, cl -> cl.meanSEps(fe));
                        series.add(new Charts.Series("eps=" + Html.num(cfg.eps()[e]) + sTag, x, band[0], band[1], band[2], (java.awt.Color) Charts.ramp(colour++, cfg.eps().length * cfg.scales().length), Charts.Dash.SOLID, true, true));
                        fit(fits, "seps_over_n eps=" + cfg.eps()[e] + sTag, x, band[0]);
                    }
                }
                case TOPK -> {
                    for (int p = 0; p < cfg.budgets().size(); p++) {
                        int fp = p;
                        double[][] band = cells.band(a, cl -> cl.meanTau(fp));
                        series.add(new Charts.Series(Figure2Section.label(cfg.budgets().get(p)) + sTag, x, band[0], band[1], band[2], Charts.color(colour++), Charts.Dash.SOLID, true, true));
                        SlopeVerdict.Result v = SlopeVerdict.fit(cfg.grid(), cells.pooled(a, (cl, r) -> cl.tau()[r][fp]), cells.pooled(a, (cl, r) -> 1),
                                (n, r) -> r, cells.seeds(), 300, spec.seed());
                        fits.put("dropped_mass " + cfg.budgets().get(p).spec() + sTag, Map.of("slope", v.slope(), "ci_low", v.low(), "ci_high", v.high(), "verdict", v.verdict()));
                    }
                }
                case COLLAPSE -> {
                    double[][] band = cells.band(a, cl -> cl.meanKMass(0) / cl.n());
                    series.add(new Charts.Series("k_mass(0.9)/n" + sTag, x, band[0], band[1], band[2], Charts.color(colour++), Charts.Dash.SOLID, true, true));
                    double[][] km = cells.band(a, cl -> cl.meanKMass(0));
                    fit(fits, "kmass90" + sTag, x, km[0]);
                    fit(fits, "eff_support" + sTag, x, cells.band(a, Cell::meanEffSupport)[0]);
                }
                case TAU -> {
                    int last = cfg.grid().length - 1, n = cfg.grid()[last];
                    List<Double> kx = new ArrayList<>(), ky = new ArrayList<>(), kd = new ArrayList<>();
                    for (int i = 0; i < cfg.probeKs().length && cfg.probeKs()[i] < n; i++) {
                        int fi = i;
                        kx.add((double) cfg.probeKs()[i]);
                        ky.add(cells.band(a, cl -> cl.meanTauProbe(fi))[0][last]);
                        kd.add(DenseTail.tau(n, cfg.probeKs()[i], s * Math.sqrt(spec.workload().d())));
                    }
                    double[] kxa = kx.stream().mapToDouble(Double::doubleValue).toArray();
                    series.add(Charts.Series.of("simulated, n=" + n + sTag, kxa, ky.stream().mapToDouble(Double::doubleValue).toArray(), Charts.color(colour++), Charts.Dash.SOLID));
                    if (spec.workload().distribution() == Workload.Distribution.GAUSSIAN) {
                        TheoryOverlay th = new TheoryOverlay(spec.workload().d(), 400);
                        double[] fin = new double[kxa.length];
                        for (int i = 0; i < kxa.length; i++) { int k = (int) kxa[i]; fin[i] = th.averaged(n, s, m -> m.tau(k)); }
                        series.add(Charts.Series.of("finite-n theory" + sTag, kxa, fin, Charts.color(colour++), Charts.Dash.DOTTED));
                        series.add(Charts.Series.of("dense asymptote" + sTag, kxa, kd.stream().mapToDouble(Double::doubleValue).toArray(), Charts.color(colour++), Charts.Dash.DASHED));
                    }
                    xs = Charts.Scale.LOG2;
                    xLabel = "k (kept keys, log2 scale)";
                }
            }
        }
        yLabel = switch (spec.experiment()) {
            case SEPS -> "S_eps / n (log scale)";
            case TOPK -> "mean dropped mass tau (log scale)";
            case COLLAPSE -> "k_mass(0.9) / n (log scale)";
            case TAU -> "mean dropped mass tau(k) (log scale)";
        };
        OutputFolder out = new OutputFolder();
        out.put("simulate.csv", t.toCsv());
        out.put("simulate.png", Charts.png("simulate " + exp + ": " + spec.experiment().description, xLabel, xs, yLabel, Charts.Scale.LOG10, series, 1000, 620));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", exp);
        json.put("ncsparse_version", Params.VERSION);
        json.put("available_processors", Runtime.getRuntime().availableProcessors());
        json.put("seed", spec.seed());
        json.put("sweep", Params.sweep(cfg, spec.workload().d()));
        json.put("fits", fits);
        out.put("simulate.json", Params.write(json));
        return out;
    }

    private static void fit(Map<String, Object> fits, String name, double[] x, double[] y) {
        for (double v : y) if (!(v > 0)) { fits.put(name, "n/a (zeros)"); return; }
        PowerLawFit f = PowerLawFit.fit(x, y);
        fits.put(name, Map.of("exponent", f.exponent(), "alpha", f.alpha(), "r2", f.r2()));
    }
}
