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

    /**
     * The main Gaussian sweep behind Figures 1-2, collapse and theory: the n grid, seeds x rows per n,
     * the head dimensions, and the largest n whose full n x n matrix is evaluated.
     */
    public record MainSweep(int[] grid, int seeds, int rows, int d, int dv, int fullMatrixMax) {
        public MainSweep {
            if (grid == null || grid.length < 2) throw new IllegalArgumentException("the n grid needs at least 2 lengths");
            if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
            if (rows < 1 || d < 1 || dv < 1) throw new IllegalArgumentException("rows, d and dv must be >= 1");
        }
    }

    /** Every parameter of a run; {@link #quick}, {@link #full} and {@link #tiny} are the presets. */
    public record Config(String mode, long seed, int threads, MainSweep sweep, int bootstrap, int theorySamples, boolean phaseDiagram,
                         ClaimsSettings claims) {
        public Config {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            if (sweep == null || claims == null) throw new IllegalArgumentException("the main sweep and the claims settings must be given");
            for (int i = 0; i < sweep.grid().length; i++) if (i >= claims.grid().length || claims.grid()[i] != sweep.grid()[i])
                throw new IllegalArgumentException("the claims grid must start with the Figure 2 grid");
        }

        /** n = 2^8..2^14, 3 seeds x 64 rows; full matrix up to 1024. */
        public static Config quick(long seed, int threads) {
            return new Config("quick", seed, threads, new MainSweep(powers(8, 14), 3, 64, 64, 64, 1024), 400, 400, true, ClaimsSettings.quick());
        }

        /** n = 2^8..2^16, 5 seeds x 128 rows; full matrix up to 2048. */
        public static Config full(long seed, int threads) {
            return new Config("full", seed, threads, new MainSweep(powers(8, 16), 5, 128, 64, 64, 2048), 1000, 1000, true, ClaimsSettings.full());
        }

        /** A seconds-long run for tests: n = 2^6..2^9, 2 seeds x 8 rows. */
        public static Config tiny(long seed, int threads) {
            return new Config("tiny", seed, threads, new MainSweep(powers(6, 9), 2, 8, 64, 16, 128), 50, 60, false, ClaimsSettings.tiny());
        }

        public int[] grid() { return sweep.grid(); }
        public int seeds() { return sweep.seeds(); }
        public int rows() { return sweep.rows(); }
        public int d() { return sweep.d(); }
        public int dv() { return sweep.dv(); }
        public int fullMatrixMax() { return sweep.fullMatrixMax(); }

        public long[] seedList() { long[] s = new long[seeds()]; for (int i = 0; i < s.length; i++) s[i] = seed + i; return s; }
    }

    public static int[] powers(int from, int to) {
        int[] g = new int[to - from + 1];
        for (int i = 0; i < g.length; i++) g[i] = 1 << (from + i);
        return g;
    }

    /** The main sweep's logit scales, in sweep order (sigma = s sqrt(d) = sqrt(d), 1, 2, 4). */
    enum Scale {
        PAPER(-1), MODEL(1), DOUBLE(2), QUADRUPLE(4);
        private final double sigmaMultiple; // s = sigmaMultiple / sqrt(d); -1: s = 1 (the paper's convention)
        Scale(double m) { sigmaMultiple = m; }

        double value(int d) { return sigmaMultiple < 0 ? 1 : sigmaMultiple / Math.sqrt(d); }

        int index() { return ordinal(); }

        /** The two regimes every figure shows: the paper's s = 1 and the models' 1/sqrt(d). */
        static final Scale[] REPORTED = {PAPER, MODEL};
    }

    static double[] scales(int d) {
        double[] s = new double[Scale.values().length];
        for (Scale x : Scale.values()) s[x.ordinal()] = x.value(d);
        return s;
    }

    static final double[] EPS = {1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6, 5e-7, 2e-7, 1e-7};
    static final int[] FIXED = {8, 16, 32, 64};
    static final double C = 0.5;
    static final double[] MASS_TAUS = {0.1, 0.01};

    /** What a Figure 2 line is: a fixed k0, the alpha n^0.5 paired with a k0, or ceil(ln n). */
    enum Role { FIXED, PAIRED_POWER, LOG }

    /** One Figure 2 budget: its role and the k0 it is paired with (0 for ceil(ln n)). */
    record Line(CountBudget budget, Role role, int pairK0) {}

    /** Figure 2's lines in sweep order: fixed k0 (4), the paired alpha n^0.5 (4), then ceil(ln n). */
    static List<Line> lines(int[] grid) {
        List<Line> b = new ArrayList<>();
        for (int k : FIXED) b.add(new Line((CountBudget) BudgetPolicy.fixed(k), Role.FIXED, k));
        for (int k : FIXED) b.add(new Line((CountBudget) BudgetPolicy.power(ComputePairing.alphaOverGrid(k, C, grid), C), Role.PAIRED_POWER, k));
        b.add(new Line((CountBudget) BudgetPolicy.log(1), Role.LOG, 0));
        return b;
    }

    static List<CountBudget> budgets(int[] grid) { return lines(grid).stream().map(Line::budget).toList(); }

    /** Sweep index of the fixed budget k0. */
    static int budgetIndex(int k0) {
        for (int i = 0; i < FIXED.length; i++) if (FIXED[i] == k0) return i;
        throw new IllegalArgumentException("no fixed budget " + k0 + " in Figure 2; choose one of " + java.util.Arrays.toString(FIXED));
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
                budgets(c.grid()), new SweepConfig.Measures(EPS, MASS_TAUS, probes(maxN), c.fullMatrixMax(), 2), c.threads());
        say.accept("reproduce: Gaussian sweep, n = " + c.grid()[0] + ".." + maxN + ", " + c.seeds() + " seeds x "
                + c.rows() + " rows, 4 logit scales (" + c.mode() + " mode)");
        Cells cells = new Cells(main, Sweep.run(main, say));

        Workload bounded = new Workload(Workload.Distribution.BOUNDED, 8, c.dv(), BoundedSection.RADIUS, 0, 0, 0, 0);
        SweepConfig bcfg = new SweepConfig(c.grid(), c.seedList(), c.rows(), bounded, new double[] {1},
                BoundedSection.budgets(c.grid()), SweepConfig.Measures.none(), c.threads());
        say.accept("reproduce: bounded-logit sweep (rows on a sphere, R = B^2 = " + BoundedSection.RADIUS * BoundedSection.RADIUS + ")");
        Cells bcells = new Cells(bcfg, Sweep.run(bcfg, null));

        Context ctx = new Context(c, cells, new TheoryOverlay(c.d(), c.theorySamples()), new OutputFolder(), say);
        ClaimsData claimsData = ClaimsData.run(c, say);
        ClaimsTable claims = new ClaimsTable();
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
        say.accept("reproduce: claims (equal compute, C sweep, spread laws, causal, variance)");
        html.add(EqualComputeSection.build(ctx, claimsData, claims));
        html.add(CSweepSection.build(ctx, claimsData, claims));
        html.add(SpreadSection.build(ctx, claimsData, claims));
        html.add(CausalSection.build(ctx, claimsData, claims));
        html.add(VarianceSection.build(ctx));
        MainSweepClaims.add(ctx, bcells, claims);
        html.add(0, claims.html());
        ctx.out().put("claims.csv", claims.csv());
        double seconds = (System.nanoTime() - t0) / 1e9;
        ctx.out().put("params.json", Params.json(c, main, bcfg, seconds));
        ctx.out().put("index.html", HtmlReport.page(c, html, seconds, ctx.out().files().keySet()));
        say.accept(String.format(java.util.Locale.ROOT, "reproduce: done in %.1f s", seconds));
        return ctx.out();
    }

    /** What the sections share. */
    public record Context(Config config, Cells cells, TheoryOverlay theory, OutputFolder out, Consumer<String> progress) {}
}
