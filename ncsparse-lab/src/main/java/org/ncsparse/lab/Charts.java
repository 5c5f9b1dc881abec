package org.ncsparse.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * PNG line charts (JFreeChart, headless) a reader understands at a glance: log axes with decade
 * ticks labelled 0.01, 0.1, 1, 10, 100 or 10⁻⁵ (never 10^0.9 or 6.3E-2), axis ranges from the data
 * (a zero cannot stretch a log axis), the Okabe–Ito colour-blind-safe palette, and titles, axis
 * labels and legends in words (internal metric keys are translated by {@link #words}).
 */
public final class Charts {
    private Charts() {}

    static { System.setProperty("java.awt.headless", "true"); }

    static final Font TITLE = new Font("SansSerif", Font.BOLD, 16), LABEL = new Font("SansSerif", Font.PLAIN, 14),
            TICK = new Font("SansSerif", Font.PLAIN, 12), LEGEND = new Font("SansSerif", Font.PLAIN, 12);
    static final Color GRID = new Color(0xD0, 0xD0, 0xD0);

    /** One line: points (x, y) with a band [lo, hi] (may equal y), a colour and a dash style. */
    public record Series(String name, double[] x, double[] y, double[] lo, double[] hi, Color color, Dash dash, boolean shapes, boolean inLegend) {
        public static Series of(String name, double[] x, double[] y, Color c, Dash dash) { return new Series(name, x, y, y, y, c, dash, true, true); }
    }

    public enum Dash { SOLID, DASHED, DOTTED }

    /** Axis kinds: LOG2 for n, LOG10 for quantities spanning decades, LINEAR otherwise. */
    public enum Scale { LOG2, LOG10, LINEAR }

    /** Renders the chart to PNG bytes (width x height pixels). */
    public static byte[] png(String title, String xLabel, Scale xs, String yLabel, Scale ys, List<Series> series, int width, int height) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer rend = new DeviationRenderer(true, true);
        rend.setAlpha(0.15f);
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int i = 0;
        for (Series s : series) {
            YIntervalSeries ys1 = new YIntervalSeries(words(s.name()) + (i > 0 && contains(series, s.name(), i) ? " " : ""), false, true);
            for (int p = 0; p < s.x().length; p++) {
                double x = s.x()[p], y = s.y()[p];
                if (!Double.isFinite(x) || !Double.isFinite(y)) continue;
                if (ys == Scale.LOG10 && !(y > 0)) continue; // log axes cannot show 0
                if (xs != Scale.LINEAR && !(x > 0)) continue;
                double lo = s.lo()[p], hi = s.hi()[p];
                if (!Double.isFinite(lo) || (ys == Scale.LOG10 && !(lo > 0))) lo = y; // no band below a zero
                if (!Double.isFinite(hi)) hi = y;
                ys1.add(x, y, Math.min(lo, y), Math.max(hi, y));
                extend(xr, x);
                extend(yr, Math.min(lo, y));
                extend(yr, Math.max(hi, y));
            }
            data.addSeries(ys1);
            rend.setSeriesPaint(i, s.color());
            rend.setSeriesFillPaint(i, s.color());
            rend.setSeriesStroke(i, stroke(s.dash()));
            rend.setSeriesShapesVisible(i, s.shapes());
            rend.setSeriesVisibleInLegend(i, s.inLegend());
            i++;
        }
        // less than a decade on a log axis reads better with the plain ticks of a linear one (and looks the same)
        if (ys == Scale.LOG10 && yr[0] > 0 && yr[1] / yr[0] < 10) ys = Scale.LINEAR;
        ValueAxis xa = axis(words(xLabel), xs), ya = axis(words(yLabel), ys);
        range(xa, xs, xr);
        range(ya, ys, yr);
        XYPlot plot = new XYPlot(data, xa, ya, rend);
        style(plot);
        JFreeChart chart = new JFreeChart(words(title), TITLE, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setItemFont(LEGEND);
        return encode(chart, width, height);
    }

    private static boolean contains(List<Series> list, String name, int before) {
        for (int j = 0; j < before; j++) if (list.get(j).name().equals(name)) return true;
        return false;
    }

    /** White background, light grid, dark axes: the look every chart shares. */
    public static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlinePaint(Color.DARK_GRAY);
    }

    private static void extend(double[] r, double v) {
        if (!Double.isFinite(v)) return;
        r[0] = Math.min(r[0], v);
        r[1] = Math.max(r[1], v);
    }

    /** Sets the axis to the data's range (with a small margin; log axes by a factor). */
    static void range(ValueAxis a, Scale s, double[] r) {
        if (!(r[0] <= r[1])) return; // no data: JFreeChart's default
        double lo = r[0], hi = r[1];
        if (s == Scale.LINEAR) {
            double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-9, Math.abs(hi) * 0.1);
            a.setRange(lo - pad, hi + pad);
            if (a instanceof NumberAxis na) na.setTickUnit(new NumberTickUnit(niceStep((hi - lo + 2 * pad) / 6)), false, true); // about 6 ticks
            return;
        }
        if (!(lo > 0)) return;
        double f = s == Scale.LOG2 ? 1.15 : 1.25;
        if (hi / lo < 1.5) f = Math.sqrt(1.5 * lo / hi) * f; // a near-constant series still gets a readable span
        a.setRange(lo / f, hi * f);
        double span = Math.log10(hi * f / (lo / f)); // decades shown
        if (s == Scale.LOG10 && a instanceof LogAxis la) la.setTickUnit(new NumberTickUnit(span >= 1.5 ? Math.max(1, Math.ceil(span / 10)) : span >= 0.7 ? Math.log10(2) : span / 4));
        if (s == Scale.LOG2 && a instanceof LogAxis la) la.setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(Math.log(hi / lo) / Math.log(2) / 10))));
    }

    /** The 1, 2 or 5 times a power of ten nearest above {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    static ValueAxis axis(String label, Scale s) {
        ValueAxis a;
        switch (s) {
            case LOG2 -> {
                LogAxis la = new LogAxis(label);
                la.setBase(2);
                la.setTickUnit(new NumberTickUnit(1));
                la.setNumberFormatOverride(new Readable());
                la.setMinorTickMarksVisible(false);
                a = la;
            }
            case LOG10 -> {
                LogAxis la = new LogAxis(label);
                la.setBase(10);
                la.setSmallestValue(1e-300);
                la.setTickUnit(new NumberTickUnit(1));
                la.setNumberFormatOverride(new Readable());
                la.setMinorTickMarksVisible(true);
                a = la;
            }
            default -> {
                NumberAxis na = new NumberAxis(label);
                na.setAutoRangeIncludesZero(false);
                na.setNumberFormatOverride(new Readable());
                a = na;
            }
        }
        a.setAutoTickUnitSelection(false);
        if (s == Scale.LINEAR) a.setAutoTickUnitSelection(true);
        a.setLabelFont(LABEL);
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(Color.BLACK);
        a.setLabelPaint(Color.BLACK);
        return a;
    }

    /** A tick label: powers of ten as 0.01 … 1000 or 10⁻⁵ / 10⁶, other values as plain numbers with up to 3 significant digits. */
    public static String tick(double v) {
        if (v == 0) return "0";
        if (!Double.isFinite(v)) return String.valueOf(v);
        double a = Math.abs(v), e = Math.log10(a);
        long k = Math.round(e);
        boolean decade = Math.abs(e - k) < 1e-9;
        if (decade && (k < -2 || k > 4)) return (v < 0 ? "−" : "") + "10" + superscript(k);
        if (v == Math.rint(v) && a < 1e6) return Long.toString((long) v).replace('-', '−'); // 1024, not 1020
        if (a >= 1e-4 && a < 1e6) {
            java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(3));
            return b.stripTrailingZeros().toPlainString().replace('-', '−');
        }
        double m = v / Math.pow(10, Math.floor(e));
        return String.format(Locale.ROOT, "%.3g", m).replaceAll("\\.?0+$", "") + "×10" + superscript((long) Math.floor(e));
    }

    static String superscript(long k) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder(k < 0 ? "⁻" : "");
        for (char c : Long.toString(Math.abs(k)).toCharArray()) sb.append(digits.charAt(c - '0'));
        return sb.toString();
    }

    /** {@link #tick} as a NumberFormat for JFreeChart axes. */
    static final class Readable extends NumberFormat {
        @Override public StringBuffer format(double number, StringBuffer to, FieldPosition pos) { return to.append(tick(number)); }
        @Override public StringBuffer format(long number, StringBuffer to, FieldPosition pos) { return to.append(tick(number)); }
        @Override public Number parse(String source, ParsePosition pos) { return null; }
    }

    /** Internal metric keys that still appear in titles and legends, in words. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();
    static {
        WORDS.put("paper fro rows", "the paper's (1/n)‖P′−P‖_F from sampled rows");
        WORDS.put("paper_fro_rows", "the paper's (1/n)‖P′−P‖_F from sampled rows");
        WORDS.put("paper spec full", "the paper's (1/n)‖P′−P‖₂ on the full matrix");
        WORDS.put("output rel err", "relative output error ‖O′−O‖/‖O‖");
        WORDS.put("output_rel_err", "relative output error ‖O′−O‖/‖O‖");
        WORDS.put("Figure 2: dropped mass", "Figure 2: mean dropped mass");
        WORDS.put("dropped_mass", "mean dropped mass");
        WORDS.put("row l1", "row ℓ1 error");
        WORDS.put("||O'-O||_F / ||O||_F", "‖O′−O‖/‖O‖");
        WORDS.put("||P'-P||", "‖P′−P‖");
        WORDS.put("S_eps", "S_ε");
        WORDS.put("eps=", "ε = ");
        WORDS.put("k_mass(0.9)", "k_mass(0.9) (keys holding 90% of the mass)");
        WORDS.put("tau", "τ");
        WORDS.put("sigma", "σ");
        WORDS.put("alpha", "α");
        WORDS.put("sqrt(d)", "√d");
        WORDS.put(" (log scale)", "");
        WORDS.put(", log2 scale)", ")");
        WORDS.put(" (log2 scale)", "");
    }

    private static final java.util.regex.Pattern SCIENTIFIC = java.util.regex.Pattern.compile("(?<![\\w.])-?\\d+(\\.\\d+)?[eE][-+]?\\d+\\b");

    /** Replaces internal keys and ASCII spellings by words and symbols (idempotent on plain text). */
    public static String words(String s) {
        if (s == null) return null;
        String out = s;
        for (Map.Entry<String, String> e : WORDS.entrySet()) {
            if (e.getKey().equals("k_mass(0.9)") && out.contains("/n")) continue; // k_mass(0.9)/n stays compact
            if (e.getKey().equals("tau") || e.getKey().equals("sigma") || e.getKey().equals("alpha"))
                out = out.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
            else out = out.replace(e.getKey(), e.getValue());
        }
        java.util.regex.Matcher m = SCIENTIFIC.matcher(out); // 1.000e-04 -> 10⁻⁴, 6.3E-2 -> 0.063
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(tick(Double.parseDouble(m.group()))));
        m.appendTail(sb);
        return sb.toString();
    }

    static Stroke stroke(Dash d) {
        return switch (d) {
            case SOLID -> new BasicStroke(2.2f);
            case DASHED -> new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 5f}, 0f);
            case DOTTED -> new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);
        };
    }

    static byte[] encode(JFreeChart chart, int width, int height) {
        BufferedImage img = chart.createBufferedImage(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try { ImageIO.write(img, "png", out); } catch (IOException e) { throw new UncheckedIOException(e); }
        return out.toByteArray();
    }

    /**
     * The Okabe–Ito palette (Color Universal Design), ordered for contrast on white; its pale yellow is
     * replaced by a dark grey. Distinguishable with every common colour-vision deficiency.
     */
    static final Color[] OKABE_ITO = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x666666)};

    /** Colour i of the palette (one per budget, policy or workload). */
    public static Color color(int i) { return OKABE_ITO[Math.floorMod(i, OKABE_ITO.length)]; }

    /** Viridis anchors without its palest end: a sequential, colour-blind-safe ramp that stays visible on white. */
    static final Color[] RAMP = {new Color(0x440154), new Color(0x3B528B), new Color(0x21918C), new Color(0x35B779), new Color(0x8FD744)};

    /** Colours spread along the ramp (for ordered lines such as eps values): dark purple to green. */
    public static Paint ramp(int i, int count) { return rampAt(count <= 1 ? 0 : (double) i / (count - 1)); }

    /** The ramp at t in [0, 1]. */
    public static Color rampAt(double t) { return interpolate(RAMP, t); }

    /** Full viridis (to its yellow end), for heat maps where every cell is filled. */
    static final Color[] VIRIDIS = {new Color(0x440154), new Color(0x3B528B), new Color(0x21918C), new Color(0x5EC962), new Color(0xFDE725)};

    public static Color viridis(double t) { return interpolate(VIRIDIS, t); }

    private static Color interpolate(Color[] anchors, double t) {
        double x = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
        int a = (int) Math.floor(x), b = Math.min(anchors.length - 1, a + 1);
        double f = x - a;
        return new Color((int) Math.round(anchors[a].getRed() + f * (anchors[b].getRed() - anchors[a].getRed())),
                (int) Math.round(anchors[a].getGreen() + f * (anchors[b].getGreen() - anchors[a].getGreen())),
                (int) Math.round(anchors[a].getBlue() + f * (anchors[b].getBlue() - anchors[a].getBlue())));
    }
}
