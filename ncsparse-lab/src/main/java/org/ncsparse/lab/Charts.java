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
import java.text.DecimalFormat;
import java.util.List;
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

/** PNG line charts (JFreeChart, headless): log axes, one band (min..max over seeds) per line. */
public final class Charts {
    private Charts() {}

    static { System.setProperty("java.awt.headless", "true"); }

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
        rend.setAlpha(0.18f);
        int i = 0;
        for (Series s : series) {
            YIntervalSeries ys1 = new YIntervalSeries(s.name() + (i > 0 && contains(series, s.name(), i) ? " " : ""), false, true);
            for (int p = 0; p < s.x().length; p++) {
                double y = s.y()[p];
                if (ys == Scale.LOG10 && !(y > 0)) continue; // log axes cannot show 0
                ys1.add(s.x()[p], y, Math.max(s.lo()[p], ys == Scale.LOG10 ? y * 1e-3 : s.lo()[p]), s.hi()[p]);
            }
            data.addSeries(ys1);
            rend.setSeriesPaint(i, s.color());
            rend.setSeriesFillPaint(i, s.color());
            rend.setSeriesStroke(i, stroke(s.dash()));
            rend.setSeriesShapesVisible(i, s.shapes());
            rend.setSeriesVisibleInLegend(i, s.inLegend());
            i++;
        }
        XYPlot plot = new XYPlot(data, axis(xLabel, xs), axis(yLabel, ys), rend);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setItemFont(new Font("SansSerif", Font.PLAIN, 11));
        return encode(chart, width, height);
    }

    private static boolean contains(List<Series> list, String name, int before) {
        for (int j = 0; j < before; j++) if (list.get(j).name().equals(name)) return true;
        return false;
    }

    static ValueAxis axis(String label, Scale s) {
        Font f = new Font("SansSerif", Font.PLAIN, 13);
        ValueAxis a;
        switch (s) {
            case LOG2 -> {
                LogAxis la = new LogAxis(label);
                la.setBase(2);
                la.setTickUnit(new NumberTickUnit(1));
                la.setNumberFormatOverride(new DecimalFormat("0"));
                la.setMinorTickMarksVisible(false);
                a = la;
            }
            case LOG10 -> {
                LogAxis la = new LogAxis(label);
                la.setBase(10);
                la.setSmallestValue(1e-300);
                la.setNumberFormatOverride(new DecimalFormat("0.#E0"));
                a = la;
            }
            default -> {
                NumberAxis na = new NumberAxis(label);
                na.setAutoRangeIncludesZero(false);
                a = na;
            }
        }
        a.setLabelFont(f);
        return a;
    }

    static Stroke stroke(Dash d) {
        return switch (d) {
            case SOLID -> new BasicStroke(2f);
            case DASHED -> new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
            case DOTTED -> new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f, new float[] {2f, 4f}, 0f);
        };
    }

    static byte[] encode(JFreeChart chart, int width, int height) {
        BufferedImage img = chart.createBufferedImage(width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try { ImageIO.write(img, "png", out); } catch (IOException e) { throw new UncheckedIOException(e); }
        return out.toByteArray();
    }

    /** A palette of distinguishable colours (one per budget pair / eps). */
    public static Color color(int i) {
        Color[] c = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
                new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
        return c[Math.floorMod(i, c.length)];
    }

    /** Colours spread along a ramp (for 10 eps lines): blue to red. */
    public static Paint ramp(int i, int count) {
        float t = count <= 1 ? 0 : (float) i / (count - 1);
        return Color.getHSBColor(0.66f * (1 - t), 0.85f, 0.85f);
    }
}
