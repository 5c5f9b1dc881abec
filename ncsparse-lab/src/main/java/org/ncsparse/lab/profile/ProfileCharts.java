package org.ncsparse.lab.profile;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.ncsparse.lab.Charts;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The profile and evaluation plots, drawn with {@link Charts}' conventions (decade ticks, data
 * ranges, Okabe–Ito lines, words for keys): a layers × heads heat map on the viridis scale and
 * line plots over n (log2 axis), saved as PNG through a temporary file.
 */
public final class ProfileCharts {
    private ProfileCharts() {}

    /** Heat map of values[layer][head] (NaN cells left light grey) on the viridis scale over [lo, hi]. */
    public static void heatMap(Path png, String title, String valueLabel, double[][] values, double lo, double hi) throws IOException {
        int layers = values.length, heads = values[0].length;
        double[][] xyz = new double[3][layers * heads];
        int i = 0;
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < heads; h++, i++) { xyz[0][i] = h; xyz[1][i] = l; xyz[2][i] = values[l][h]; }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(valueLabel, xyz);
        LookupPaintScale scale = new LookupPaintScale(lo, hi + 1e-9, new Color(0xEEEEEE));
        int steps = 32;
        for (int s = 0; s < steps; s++) scale.add(lo + (hi - lo) * s / steps, Charts.viridis(s / (double) (steps - 1)));
        XYBlockRenderer r = new XYBlockRenderer();
        r.setPaintScale(scale);
        NumberAxis x = new NumberAxis("head"), y = new NumberAxis("layer");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(-0.5, heads - 0.5);
        y.setRange(-0.5, layers - 0.5);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(Charts.words(title), new java.awt.Font("SansSerif", java.awt.Font.BOLD, 15), plot, false);
        NumberAxis za = new NumberAxis(Charts.words(valueLabel));
        za.setRange(lo, hi);
        PaintScaleLegend legend = new PaintScaleLegend(scale, za);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage img = chart.createBufferedImage(Math.max(520, 220 + 44 * heads), Math.max(360, 140 + 40 * layers + 60));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        write(png, out.toByteArray());
    }

    /** Line plot of named series of (x, y) points over a log2 x axis; y on a log (decades) or linear axis. */
    public static void lines(Path png, String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY) throws IOException {
        List<Charts.Series> list = new ArrayList<>();
        int c = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] pts = e.getValue();
            double[] x = new double[pts.length], y = new double[pts.length];
            for (int i = 0; i < pts.length; i++) { x[i] = pts[i][0]; y[i] = pts[i][1]; }
            list.add(Charts.Series.of(e.getKey(), x, y, Charts.color(c++), Charts.Dash.SOLID));
        }
        write(png, Charts.png(title, xLabel, Charts.Scale.LOG2, yLabel, logY ? Charts.Scale.LOG10 : Charts.Scale.LINEAR, list, 900, 560));
    }

    /** Writes to a temp file beside the target, then renames: a crash never leaves half a PNG. */
    static void write(Path png, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), png.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
