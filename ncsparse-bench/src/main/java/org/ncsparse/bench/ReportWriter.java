package org.ncsparse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the peer comparisons as a Markdown table, JSON lines, and an SVG bar chart of the ratios. */
public final class ReportWriter {
    private ReportWriter() {}

    /** One Markdown row per (shape, threads): NcSparse dense, each peer, ratio to the fastest peer, top-k. */
    public static String markdown(List<Comparison> rows, String header) {
        Map<String, List<Comparison>> groups = group(rows);
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| n | d | causal | threads | NcSparse dense ms (min) | GFLOP/s | % of FMA peak | numpy ms (min) | torch ms (min) "
                + "| ratio vs fastest peer (of mins) | top-k ms (min) | top-k / dense (of mins) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (List<Comparison> g : groups.values()) {
            Comparison first = g.get(0);
            Comparison numpy = peer(g, "numpy"), torch = peer(g, "torch");
            Comparison dense = g.stream().filter(c -> c.kernel().equals("dense")).findFirst().orElse(first);
            Comparison topk = g.stream().filter(c -> c.kernel().startsWith("topk")).findFirst().orElse(null);
            double fastest = Math.min(numpy == null ? Double.POSITIVE_INFINITY : nanToInf(numpy.peerMs()), torch == null ? Double.POSITIVE_INFINITY : nanToInf(torch.peerMs()));
            double fastestMin = Math.min(numpy == null ? Double.POSITIVE_INFINITY : nanToInf(numpy.peerMinMs()), torch == null ? Double.POSITIVE_INFINITY : nanToInf(torch.peerMinMs()));
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s | %d | %s | %.1f | %.0f%% | %s | %s | %s | %s | %s |\n",
                    first.n(), first.d(), first.causal() ? "yes" : "no", first.threads(), ms(dense.ncsparseMs(), dense.ncsparseMinMs()), dense.gflops(),
                    100 * dense.peakFraction(), numpy == null ? "n/a" : ms(numpy.peerMs(), numpy.peerMinMs()), torch == null ? "n/a" : ms(torch.peerMs(), torch.peerMinMs()),
                    Double.isInfinite(fastest) ? "n/a" : String.format(Locale.ROOT, "%.2f (%.2f)", dense.ncsparseMs() / fastest, dense.ncsparseMinMs() / fastestMin),
                    topk == null ? "" : ms(topk.ncsparseMs(), topk.ncsparseMinMs()),
                    topk == null ? "" : String.format(Locale.ROOT, "%.2f (%.2f)", topk.ratio(), topk.ratioMin())));
        }
        List<Comparison> enc = rows.stream().filter(c -> c.kernel().equals("encoder")).toList();
        if (!enc.isEmpty()) {
            sb.append("\n| encoder (all-MiniLM-L6-v2) | tokens | threads | NcSparse ms (min) | ONNX Runtime Java ms (min) | ratio (of mins) |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (Comparison c : enc)
                sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |\n", Double.isFinite(c.ncsparseMs()) ? "hidden states" : c.note(),
                        c.n(), c.threads(), ms(c.ncsparseMs(), c.ncsparseMinMs()), ms(c.peerMs(), c.peerMinMs()),
                        Double.isFinite(c.ratio()) ? String.format(Locale.ROOT, "%.2f (%.2f)", c.ratio(), c.ratioMin()) : "n/a"));
        }
        return sb.toString();
    }

    public static String jsonLines(List<Comparison> rows) {
        StringBuilder sb = new StringBuilder();
        for (Comparison c : rows) sb.append(c.toJson()).append('\n');
        return sb.toString();
    }

    /** Horizontal bars: NcSparse / fastest peer (target below 1) and top-k / dense (target at most 1.3). */
    public static String svg(List<Comparison> rows) {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (List<Comparison> g : group(rows).values()) {
            Comparison f = g.get(0);
            double fastest = Math.min(nanToInf(peerMs(g, "numpy")), nanToInf(peerMs(g, "torch")));
            Comparison dense = g.stream().filter(c -> c.kernel().equals("dense")).findFirst().orElse(f);
            Comparison topk = g.stream().filter(c -> c.kernel().startsWith("topk")).findFirst().orElse(null);
            labels.add(String.format(Locale.ROOT, "n=%d d=%d%s t=%d", f.n(), f.d(), f.causal() ? " causal" : "", f.threads()));
            values.add(new double[] {Double.isInfinite(fastest) ? Double.NaN : dense.ncsparseMs() / fastest, topk == null ? Double.NaN : topk.ratio()});
        }
        int rowH = 26, left = 190, width = 420, top = 40, h = top + rowH * labels.size() + 40;
        double max = 1.5;
        for (double[] v : values) for (double x : v) if (Double.isFinite(x)) max = Math.max(max, x);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>\n", left + width + 60, h));
        sb.append("<text x='10' y='18' font-size='13'>NcSparse time ratios (blue: dense / fastest peer, orange: top-k / dense)</text>\n");
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * rowH;
            sb.append(String.format(Locale.ROOT, "<text x='10' y='%d'>%s</text>\n", y + 14, labels.get(i)));
            String[] colors = {"#1f77b4", "#ff7f0e"};
            for (int b = 0; b < 2; b++) {
                double x = values.get(i)[b];
                if (!Double.isFinite(x)) continue;
                sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.1f' height='10' fill='%s'/><text x='%.1f' y='%d'>%.2f</text>\n",
                        left, y + 2 + b * 11, width * x / max, colors[b], left + width * x / max + 3, y + 11 + b * 11, x));
            }
        }
        for (double ref : new double[] {1.0, 1.3}) {
            double x = left + width * ref / max;
            sb.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='gray' stroke-dasharray='4'/><text x='%.1f' y='%d'>%.1f</text>\n",
                    x, top - 4, x, h - 30, x - 6, h - 16, ref));
        }
        return sb.append("</svg>\n").toString();
    }

    public static void write(Path file, String text) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, List<Comparison>> group(List<Comparison> rows) {
        Map<String, List<Comparison>> g = new LinkedHashMap<>();
        for (Comparison c : rows) {
            if (c.kernel().startsWith("encoder")) continue;
            g.computeIfAbsent(c.n() + "/" + c.d() + "/" + c.causal() + "/" + c.threads(), x -> new ArrayList<>()).add(c);
        }
        return g;
    }

    private static Comparison peer(List<Comparison> g, String peer) {
        for (Comparison c : g) if (c.kernel().equals("dense") && c.peer().equals(peer) && Double.isFinite(c.peerMs())) return c;
        return null;
    }

    private static double peerMs(List<Comparison> g, String peer) {
        for (Comparison c : g) if (c.kernel().equals("dense") && c.peer().equals(peer)) return c.peerMs();
        return Double.NaN;
    }

    private static double nanToInf(double x) { return Double.isNaN(x) ? Double.POSITIVE_INFINITY : x; }

    private static String ms(double med, double min) {
        return Double.isFinite(med) ? String.format(Locale.ROOT, "%.1f (%.1f)", med, min) : "n/a";
    }
}
