package org.ncsparse.lab;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * One figure made of several panels side by side (e.g. one per accuracy target), each an ordinary
 * {@link Charts} line chart, so a whole sweep reads as a single image.
 */
final class ClaimCharts {
    private ClaimCharts() {}

    /** One panel: the arguments of {@link Charts#png}. */
    record Panel(String title, String xLabel, Charts.Scale xs, String yLabel, Charts.Scale ys, List<Charts.Series> series) {}

    /** Panels in a row, each width x height pixels. */
    static byte[] row(List<Panel> panels, int width, int height) {
        BufferedImage all = new BufferedImage(width * panels.size(), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        try {
            for (int i = 0; i < panels.size(); i++) {
                Panel p = panels.get(i);
                byte[] png = Charts.png(p.title(), p.xLabel(), p.xs(), p.yLabel(), p.ys(), p.series(), width, height);
                g.drawImage(ImageIO.read(new ByteArrayInputStream(png)), i * width, 0, null);
            }
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(all, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
