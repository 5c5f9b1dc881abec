package org.ncsparse.lab.profile;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
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

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Small JFreeChart helpers: a layers × heads heat map and log-log line plots, saved as PNG. */
public final class ProfileCharts {
    private ProfileCharts() {}

    /** Heat map of values[layer][head] (NaN cells left blank) on a blue→red scale over [lo, hi]. */
    public static void heatMap(Path png, String title, String valueLabel, double[][] values, double lo, double hi) throws IOException {
        int layers = values.length, heads = values[0].length;
        double[][] xyz = new double[3][layers * heads];
        int i = 0;
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < heads; h++, i++) { xyz[0][i] = h; xyz[1][i] = l; xyz[2][i] = values[l][h]; }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(valueLabel, xyz);
        LookupPaintScale scale = new LookupPaintScale(lo, hi + 1e-9, Color.LIGHT_GRAY);
        int steps = 20;
        for (int s = 0; s < steps; s++) {
            float f = s / (float) (steps - 1);
            scale.add(lo + (hi - lo) * s / steps, new Color(f, 0.25f * (1 - Math.abs(2 * f - 1)) + 0.1f, 1 - f));
        }
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(scale);
        NumberAxis x = new NumberAxis("head"), y = new NumberAxis("layer");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(-0.5, heads - 0.5);
        y.setRange(-0.5, layers - 0.5);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(title, plot);
        chart.removeLegend();
        NumberAxis za = new NumberAxis(valueLabel);
        za.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, za);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        savePng(png, chart, 160 + 40 * heads, 120 + 40 * layers + 60);
    }

    /** Log-log (or lin-y) line plot of named series of (x, y) points. */
    public static void lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (double[] pt : e.getValue()) if (!logY || pt[1] > 0) s.add(pt[0], pt[1]);
            data.addSeries(s);
        }
        LogAxis x = new LogAxis(xLabel);
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y;
        if (logY) { LogAxis ly = new LogAxis(yLabel); ly.setSmallestValue(1e-6); y = null; 
            XYPlot plot = new XYPlot(data, x, ly, new XYLineAndShapeRenderer(true, true));
            save(png, title, plot);
        } else {
            y = new NumberAxis(yLabel);
            XYPlot plot = new XYPlot(data, x, y, new XYLineAndShapeRenderer(true, true));
            save(png, title, plot);
        }
    }

    private static void save(Path png, String title, XYPlot plot) throws IOException {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, plot);
        chart.setBackgroundPaint(Color.WHITE);
        savePng(png, chart, 900, 560);
    }

    /** Renders to a temp file beside the target, then renames: a crash never leaves half a PNG. */
    static void savePng(Path png, JFreeChart chart, int w, int h) throws IOException {
        Path tmp = java.nio.file.Files.createTempFile(png.toAbsolutePath().getParent(), png.getFileName().toString(), ".tmp");
        try {
            ChartUtils.saveChartAsPNG(tmp.toFile(), chart, w, h);
            java.nio.file.Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }
}
