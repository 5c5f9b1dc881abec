package org.ncsparse.lab.llm;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * The needle-in-a-haystack picture: depth of the needle across, context length up, each cell
 * coloured by retrieval accuracy (red 0 → green 1) and labelled "correct/trials".
 */
final class NeedleHeatMap {
    private NeedleHeatMap() {}

    static { System.setProperty("java.awt.headless", "true"); }

    static byte[] png(String title, int[] contexts, double[] depths, int[][] correct, int trials) {
        int cols = depths.length, rows = contexts.length;
        double[][] xyz = new double[3][cols * rows];
        XYPlot plot = new XYPlot();
        int i = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++, i++) {
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = (double) correct[r][c] / trials;
                XYTextAnnotation label = new XYTextAnnotation(correct[r][c] + "/" + trials, c, r);
                label.setFont(new Font("SansSerif", Font.BOLD, 13));
                plot.addAnnotation(label);
            }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("accuracy", xyz);
        LookupPaintScale scale = new LookupPaintScale(0, 1.0001, Color.LIGHT_GRAY);
        int steps = 10;
        for (int s = 0; s < steps; s++) {
            float f = s / (float) (steps - 1);
            scale.add((double) s / steps, new Color(0.85f * (1 - f) + 0.15f * f, 0.25f + 0.55f * f, 0.25f));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        String[] depthLabels = new String[cols], ctxLabels = new String[rows];
        for (int c = 0; c < cols; c++) depthLabels[c] = Math.round(100 * depths[c]) + "%";
        for (int r = 0; r < rows; r++) ctxLabels[r] = Integer.toString(contexts[r]);
        SymbolAxis x = new SymbolAxis("depth of the needle in the context", depthLabels);
        SymbolAxis y = new SymbolAxis("context length (tokens)", ctxLabels);
        x.setRange(-0.5, cols - 0.5);
        y.setRange(-0.5, rows - 0.5);
        plot.setDataset(data);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(title, new Font("SansSerif", Font.BOLD, 14), plot, false);
        NumberAxis za = new NumberAxis("accuracy");
        za.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, za);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(220 + 90 * cols, 160 + 45 * rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
