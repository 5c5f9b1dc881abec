package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.ComputePairing;
import org.ncsparse.budget.CountBudget;

/**
 * The paper's evidence, re-run: one Gaussian sweep (Q, K, V iid N(0,1), d = 64) at four logit
 * scales s in {1, 1/2, 1/4, 1/sqrt(d)} (sigma = s sqrt(d) = 8, 4, 2, 1), a bounded-logit sweep, the
 * theory predictions, and the report assembled into an {@link OutputFolder}.
 */
public final class Reproduction {
    private Reproduction() {}

    /** Every parameter of a run; {@link #quick}, {@link #full} and {@link #tiny} are the presets. */
    public record Config(String mode, long seed, int threads, int[] grid, int seeds, int rows, int d, int dv,
                         int fullMatrixMax, int bootstrap, int theorySamples, boolean phaseDiagram) {
        public Config {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (grid == null || grid.length < 2) throw new IllegalArgumentException("the n grid needs at least 2 lengths");
            if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }

        /** n = 2^8..2^14, 3 seeds x 64 rows; full matrix up to 1024. */
        public static Config quick(long seed, int threads) {
            return new Config("quick", seed, threads, powers(8, 14), 3, 64, 64, 64, 1024, 400, 400, true);
        }

        /** n = 2^8..2^16, 5 seeds x 128 rows; full matrix up to 2048. */
        public static Config full(long seed, int threads) {
            return new Config("full", seed, threads, powers(8, 16), 5, 128, 64, 64, 2048, 1000, 1000, true);
        }

        /** A seconds-long run for tests: n = 2^6..2^9, 2 seeds x 8 rows. */
        public static Config tiny(long seed, int threads) {
            return new Config("tiny", seed, threads, powers(6, 9), 2, 8, 64, 16, 128, 50, 60, false);
        }

        public long[] seedList() { long[] s = new long[seeds]; for (int i = 0; i < seeds; i++) s[i] = seed + i; return s; }
    }

    public static int[] powers(int from, int to) {
        int[] g = new int[to - from + 1];
        for (int i = 0; i < g.length; i++) g[i] = 1 << (from + i);
        return g;
    }

    /** sigma = 8, 1, 2, 4: index 0 is the paper's s = 1, index 1 the model convention s = 1/sqrt(d). */
    static double[] scales(int d) { return new double[] {1, 1 / Math.sqrt(d), 2 / Math.sqrt(d), 4 / Math.sqrt(d)}; }

    static final double[] EPS = {1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6, 5e-7, 2e-7, 1e-7};
    static final int[] FIXED = {8, 16, 32, 64};
    static final double C = 0.5;
    static final double[] MASS_TAUS = {0.1, 0.01};

    /** Budgets in order: fixed k0 (4), the paired alpha n^0.5 (4), then ceil(ln n). */
    static List<CountBudget> budgets(int[] grid) {
        List<CountBudget> b = new ArrayList<>();
        for (int k : FIXED) b.add((CountBudget) BudgetPolicy.fixed(k));
        for (int k : FIXED) b.add((CountBudget) BudgetPolicy.power(ComputePairing.alphaOverGrid(k, C, grid), C));
        b.add((CountBudget) BudgetPolicy.log(1));
        return b;
    }

    static int[] probes(int maxN) {
        List<Integer> p = new ArrayList<>();
        for (int k = 1; k <= Math.min(4096, maxN); k *= 2) p.add(k);
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Runs everything and returns the report's files (nothing is written here). */
    public static OutputFolder run(Config c, Consumer<String> progress) {
        long t0 = System.nanoTime();
        Consumer<String> say = progress == null ? s -> {} : progress;
        int maxN = c.grid()[c.grid().length - 1];
        SweepConfig main = new SweepConfig(c.grid(), c.seedList(), c.rows(), Workload.gaussian(c.d(), c.dv()), scales(c.d()),
                EPS, budgets(c.grid()), MASS_TAUS, probes(maxN), c.fullMatrixMax(), 2, c.threads());
        say.accept("reproduce: Gaussian sweep, n = " + c.grid()[0] + ".." + maxN + ", " + c.seeds() + " seeds x "
                + c.rows() + " rows, 4 logit scales (" + c.mode() + " mode)");
        Cells cells = new Cells(main, Sweep.run(main, say));

        Workload bounded = new Workload(Workload.Distribution.BOUNDED, 8, c.dv(), BoundedSection.RADIUS, 0, 0, 0, 0);
        SweepConfig bcfg = new SweepConfig(c.grid(), c.seedList(), c.rows(), bounded, new double[] {1},
                new double[0], BoundedSection.budgets(c.grid()), new double[0], new int[0], 0, 0, c.threads());
        say.accept("reproduce: bounded-logit sweep (rows on a sphere, R = B^2 = " + BoundedSection.RADIUS * BoundedSection.RADIUS + ")");
        Cells bcells = new Cells(bcfg, Sweep.run(bcfg, null));

        Context ctx = new Context(c, cells, new TheoryOverlay(c.d(), c.theorySamples()), new OutputFolder(), say);
        List<String> html = new ArrayList<>();
        say.accept("reproduce: Figure 1 (S_eps / n)");
        html.add(Figure1Section.build(ctx));
        say.accept("reproduce: Figure 2 (top-k errors, equal-compute pairs) and SSAA verdicts");
        html.add(Figure2Section.build(ctx));
        say.accept("reproduce: attention collapse (k_mass, effective support)");
        html.add(CollapseSection.build(ctx));
        say.accept("reproduce: theory checks (tau(k), k*(n), phase diagram)");
        html.add(TheorySection.build(ctx));
        html.add(BoundedSection.build(ctx, bcells));
        double seconds = (System.nanoTime() - t0) / 1e9;
        ctx.out().put("params.json", Params.json(c, main, bcfg, seconds));
        ctx.out().put("index.html", HtmlReport.page(c, html, seconds, ctx.out().files().keySet()));
        say.accept(String.format(java.util.Locale.ROOT, "reproduce: done in %.1f s", seconds));
        return ctx.out();
    }

    /** What the sections share. */
    public record Context(Config config, Cells cells, TheoryOverlay theory, OutputFolder out, Consumer<String> progress) {}
}
