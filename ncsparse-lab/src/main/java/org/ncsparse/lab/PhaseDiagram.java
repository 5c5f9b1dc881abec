package org.ncsparse.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.lab.profile.GaussianReference;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ReferenceHeads;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ncsparse.theory.DenseTail;
import org.ncsparse.theory.FiniteNTail;
import org.ncsparse.theory.Phase;

/**
 * The phase diagram (theory only): log2 n x sigma, coloured by log10 of the predicted budget k* for a
 * target mean dropped mass, with the curve m = 1 (sigma = sqrt(2 ln n)) and contour lines k* = 4^j.
 */
public final class PhaseDiagram {
    private PhaseDiagram() {}

    /** A head (or workload) placed on the map: its row length n and measured logit spread sigma. */
    public record HeadPoint(String label, double n, double sigma) {}

    /** The predicted k* over the map for each tau: k[tau][log2 n - LOG2_MIN][sigma step]. */
    public record Grid(double[] taus, double[][][] k) {}

    /** Evaluates the finite-n model over the map (samples draws per point). */
    public static Grid compute(double[] taus, int samples, Table sink) {
        int nx = LOG2_MAX - LOG2_MIN + 1, ny = (int) Math.round((SIGMA_MAX - SIGMA_MIN) / SIGMA_STEP) + 1;
        double[][][] k = new double[taus.length][nx][ny];
        for (int i = 0; i < nx; i++) for (int j = 0; j < ny; j++) {
            long n = 1L << (LOG2_MIN + i);
            double sigma = SIGMA_MIN + j * SIGMA_STEP;
            FiniteNTail model = FiniteNTail.of(n, sigma, samples, FiniteNTail.DEFAULT_TOP, FiniteNTail.DEFAULT_SEED);
            for (int ti = 0; ti < taus.length; ti++) {
                k[ti][i][j] = model.kStar(taus[ti]);
                if (sink != null) sink.add(n, sigma, Phase.m(n, sigma), taus[ti], k[ti][i][j], DenseTail.kStar(n, sigma, taus[ti]));
            }
        }
        return new Grid(taus, k);
    }

    /** The map for taus[ti] as PNG, with the given heads drawn as labelled markers. */
    public static byte[] png(Grid g, int ti, List<HeadPoint> heads) {
        int nx = LOG2_MAX - LOG2_MIN + 1, ny = (int) Math.round((SIGMA_MAX - SIGMA_MIN) / SIGMA_STEP) + 1;
        return chart(g.k()[ti], g.taus()[ti], nx, ny, heads);
    }

    static final int LOG2_MIN = 4, LOG2_MAX = 20;
    static final double SIGMA_MIN = 0.5, SIGMA_MAX = 20, SIGMA_STEP = 0.5;
    static final int[] LEVELS = {4, 16, 64, 256, 1024, 4096};

    static String build(Reproduction.Context ctx) {
        double[] taus = {0.1, 0.01};
        Table t = new Table("n", "sigma", "m", "tau", "kstar_finite_n", "kstar_dense");
        int points = (LOG2_MAX - LOG2_MIN + 1) * ((int) Math.round((SIGMA_MAX - SIGMA_MIN) / SIGMA_STEP) + 1);
        ctx.progress().accept("reproduce: phase diagram (" + points + " theory points)");
        Grid g = compute(taus, 200, t);
        // the simulated Gaussian workloads: sigma = s sqrt(d) at the largest n of the sweep
        List<HeadPoint> heads = new ArrayList<>();
        SweepConfig cfg = ctx.cells().config();
        int nMax = cfg.grid()[cfg.grid().length - 1];
        for (double s : cfg.scales()) heads.add(new HeadPoint("Gaussian sigma=" + Html.num(s * Math.sqrt(ctx.config().d())) + " (s=" + Html.scaleName(s, ctx.config().d()) + ")", nMax, s * Math.sqrt(ctx.config().d())));
        String realHeads = addReferenceHeads(ctx, heads);
        StringBuilder html = new StringBuilder("<h3>Phase diagram</h3>\n<p>Predicted budget k* (finite-n theory) for mean dropped mass &tau;, "
                + "over n and the logit spread &sigma;. Black line: m = &radic;(2 ln n)/&sigma; = 1; below it (small &sigma;) the dense phase, above it the "
                + "frozen (collapsed) phase. White dashed lines, labelled: k* = 4, 16, 64, 256, 1024, 4096. Hollow circles: this sweep's four Gaussian workloads at n = "
                + nMax + ", and " + realHeads + "</p>\n");
        for (int ti = 0; ti < taus.length; ti++) {
            String file = "phase_tau" + (ti == 0 ? "0p1" : "0p01") + ".png";
            ctx.out().put(file, png(g, ti, heads));
            html.append(Html.figure(file, "phase diagram, &tau; = " + taus[ti]));
        }
        ctx.out().put("phase.csv", t.toCsv());
        return html.toString();
    }

    /**
     * Adds the 72 heads of all-MiniLM-L6-v2 at n = 512 on a licence text (their measured mean logit
     * spread sigma) and writes phase_heads.csv; returns the sentence describing them, or why they are missing.
     */
    private static String addReferenceHeads(Reproduction.Context ctx, List<HeadPoint> heads) {
        ctx.progress().accept("reproduce: real heads for the phase diagram (all-MiniLM-L6-v2, n = " + ReferenceHeads.N + ")");
        try {
            ProfileResult r = ReferenceHeads.minilm(ctx.config().threads());
            Table t = new Table("model", "text", "layer", "head", "n", "sigma", "m");
            for (org.ncsparse.lab.profile.HeadPoint p : r.at(ReferenceHeads.N))
                t.add("all-MiniLM-L6-v2", ReferenceHeads.TEXT.getFileName().toString(), p.layer(), p.head(), p.n(), p.logitStd(),
                        org.ncsparse.theory.Phase.m(p.n(), p.logitStd()));
            ctx.out().put("phase_heads.csv", t.toCsv());
            heads.addAll(GaussianReference.points(r, ReferenceHeads.N, "MiniLM "));
            return "the " + r.at(ReferenceHeads.N).size() + " heads of all-MiniLM-L6-v2 (a real pretrained encoder) at n = "
                    + ReferenceHeads.N + " tokens of the " + ReferenceHeads.TEXT.getFileName() + " licence text, each at the mean standard deviation of its logits per row "
                    + "(<code>phase_heads.csv</code>; the lowest, median and highest labelled). <code>ncsparse profile</code> does the same for any "
                    + "model or Q/K dump.";
        } catch (Exception | LinkageError e) {
            return "no real heads: profiling all-MiniLM-L6-v2 failed (" + Html.esc(String.valueOf(e.getMessage())) + ").";
        }
    }

    static byte[] chart(double[][] k, double tau, int nx, int ny, List<HeadPoint> heads) {
        DefaultXYZDataset grid = new DefaultXYZDataset();
        double[][] xyz = new double[3][nx * ny];
        for (int i = 0; i < nx; i++) for (int j = 0; j < ny; j++) {
            int p = i * ny + j;
            xyz[0][p] = LOG2_MIN + i; xyz[1][p] = SIGMA_MIN + j * SIGMA_STEP; xyz[2][p] = Math.log10(k[i][j]);
        }
        grid.addSeries("log10 k*", xyz);
        double zMax = Math.log10(1 << LOG2_MAX);
        LookupPaintScale scale = new LookupPaintScale(0, zMax + 1e-9, Color.GRAY);
        for (int c = 0; c <= 60; c++) scale.add(zMax * c / 60.0, Charts.viridis(c / 60.0));
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(1); blocks.setBlockHeight(SIGMA_STEP);
        blocks.setPaintScale(scale);
        blocks.setDefaultSeriesVisibleInLegend(false); // the colour bar explains the blocks
        NumberAxis x = new NumberAxis("n (keys per row)");
        x.setRange(LOG2_MIN - 0.5, LOG2_MAX + 0.5);
        x.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(2, new PowerOfTwo()));
        NumberAxis y = new NumberAxis("logit spread σ (= s·√d for Gaussian Q, K)");
        y.setRange(SIGMA_MIN - SIGMA_STEP / 2, SIGMA_MAX + SIGMA_STEP / 2);
        for (NumberAxis a : new NumberAxis[] {x, y}) { a.setLabelFont(Charts.LABEL); a.setTickLabelFont(Charts.TICK); }
        XYPlot plot = new XYPlot(grid, x, y, blocks);
        XYSeriesCollection lines = new XYSeriesCollection();
        XYSeries critical = new XYSeries("m = √(2 ln n)/σ = 1: dense below, frozen above");
        for (double l = LOG2_MIN; l <= LOG2_MAX + 1e-9; l += 0.25) critical.add(l, Math.sqrt(2 * Math.log(Math.pow(2, l))));
        lines.addSeries(critical);
        for (int level : LEVELS) lines.addSeries(contour(k, level, nx, ny));
        XYLineAndShapeRenderer lr = new XYLineAndShapeRenderer(true, false);
        lr.setSeriesPaint(0, Color.BLACK);
        lr.setSeriesStroke(0, new BasicStroke(3f));
        for (int s = 1; s <= LEVELS.length; s++) {
            lr.setSeriesPaint(s, Color.WHITE);
            lr.setSeriesStroke(s, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            lr.setSeriesVisibleInLegend(s, s == 1);
            XYSeries c = lines.getSeries(s);
            if (c.getItemCount() > 0) { // label each contour at its right end, on a dark box so white text reads on any colour
                int at = c.getItemCount() - 1;
                label(plot, "k* = " + LEVELS[s - 1], c.getX(at).doubleValue() + 0.45, c.getY(at).doubleValue(), Color.WHITE, new Color(0, 0, 0, 150),
                        org.jfree.chart.ui.TextAnchor.CENTER_RIGHT, 11);
            }
        }
        plot.setDataset(1, lines);
        plot.setRenderer(1, lr);
        if (heads != null && !heads.isEmpty()) {
            XYSeriesCollection pts = new XYSeriesCollection();
            XYSeries hs = new XYSeries("heads / workloads (hollow circles)", false, true);
            for (HeadPoint h : heads) {
                double hx = Math.log(h.n()) / Math.log(2);
                hs.add(hx, h.sigma());
                if (!h.label().isBlank())
                    label(plot, Charts.words(h.label()), hx - 0.25, h.sigma(), Color.BLACK, new Color(255, 255, 255, 210), org.jfree.chart.ui.TextAnchor.CENTER_RIGHT, 12);
            }
            pts.addSeries(hs);
            XYLineAndShapeRenderer pr = new XYLineAndShapeRenderer(false, true);
            pr.setSeriesPaint(0, Color.BLACK);
            pr.setSeriesShapesFilled(0, false);
            pr.setUseOutlinePaint(false);
            pr.setSeriesStroke(0, new BasicStroke(1.2f));
            pr.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
            plot.setDataset(2, pts);
            plot.setRenderer(2, pr);
        }
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        JFreeChart chart = new JFreeChart("Phase diagram: predicted k* for mean dropped mass τ ≤ " + tau, Charts.TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(Charts.LEGEND);
        NumberAxis za = new NumberAxis("k* (keys to keep)");
        za.setRange(0, zMax);
        za.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1, new TenToThe()));
        PaintScaleLegend legend = new PaintScaleLegend(scale, za);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        return Charts.encode(chart, 1000, 650);
    }

    private static void label(XYPlot plot, String text, double x, double y, Color ink, Color box, org.jfree.chart.ui.TextAnchor anchor, int size) {
        org.jfree.chart.annotations.XYTextAnnotation a = new org.jfree.chart.annotations.XYTextAnnotation(" " + text + " ", x, y);
        a.setTextAnchor(anchor);
        a.setFont(new Font("SansSerif", Font.BOLD, size));
        a.setPaint(ink);
        a.setBackgroundPaint(box);
        plot.addAnnotation(a);
    }

    /** Axis labels of log2 n: the plain number up to 65536, 2ⁿ beyond. */
    static final class PowerOfTwo extends java.text.NumberFormat {
        @Override public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            long e = Math.round(v);
            return to.append(e <= 16 ? Long.toString(1L << e) : "2" + Charts.superscript(e));
        }
        @Override public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) { return format((double) v, to, pos); }
        @Override public Number parse(String s, java.text.ParsePosition pos) { return null; }
    }

    /** Colour-bar labels of log10 k*: the value k* itself (1, 10, 100, 1000, 10⁴ …). */
    static final class TenToThe extends java.text.NumberFormat {
        @Override public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) { return to.append(Charts.tick(Math.pow(10, Math.round(v)))); }
        @Override public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) { return format((double) v, to, pos); }
        @Override public Number parse(String s, java.text.ParsePosition pos) { return null; }
    }

    /** The curve k* = level: for each n column, the sigma where log k* crosses log level (k* decreases in sigma). */
    static XYSeries contour(double[][] k, int level, int nx, int ny) {
        XYSeries s = new XYSeries(level == LEVELS[0] ? "contours k* = 4, 16, …, 4096 (white, labelled)" : "k* = " + level, false, true);
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j + 1 < ny; j++) {
                double a = Math.log(k[i][j]), b = Math.log(k[i][j + 1]), l = Math.log(level);
                if ((a - l) * (b - l) <= 0 && a != b) {
                    double f = (a - l) / (a - b);
                    pts.add(new double[] {LOG2_MIN + i, SIGMA_MIN + (j + f) * SIGMA_STEP});
                    break;
                }
            }
        }
        for (double[] p : pts) s.add(p[0], p[1]);
        return s;
    }
}
