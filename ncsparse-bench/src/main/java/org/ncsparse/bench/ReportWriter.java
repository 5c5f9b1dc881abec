package org.ncsparse.bench;

import org.ncsparse.model.io.AtomicFiles;
import java.io.IOException;
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

    /** The rows of one (shape, threads): NcSparse dense against each peer, the fastest peer, and top-k. */
    record Group(Comparison first, List<Comparison> peers, Comparison fastest, Comparison topk) {
        /** NcSparse dense / fastest peer: ratio of medians and of the fastest runs. */
        double ratio() { return fastest == null ? Double.NaN : fastest.ratio(); }

        double ratioMin() { return fastest == null ? Double.NaN : fastest.ncsparseMinMs() / fastest.peerMinMs(); }

        double denseMs() { return topk != null ? topk.peerMs() : first.ncsparseMs(); }

        double denseMinMs() { return topk != null ? topk.peerMinMs() : first.ncsparseMinMs(); }
    }

    /** One Markdown row per (shape, threads): NcSparse dense, the fastest peer and the ratio to it, the other peers, top-k. */
    public static String markdown(List<Comparison> rows, String header) {
        StringBuilder sb = new StringBuilder(header).append("\n\n");
        sb.append("| heads | n | d | causal | threads | NcSparse dense ms (min) | GFLOP/s | % of FMA peak | fastest peer | its ms (min) "
                + "| NcSparse / fastest (of mins) | other peers, ms | top-k ms (min) | top-k / dense (of mins) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Group g : groups(rows)) {
            Comparison f = g.first(), fast = g.fastest(), dense = fast != null ? fast : f;
            StringBuilder others = new StringBuilder();
            for (Comparison p : g.peers()) {
                if (p == fast) continue;
                if (!others.isEmpty()) others.append("; ");
                others.append(p.peer()).append(' ').append(Double.isFinite(p.peerMs()) ? String.format(Locale.ROOT, "%.1f", p.peerMs()) : "n/a (" + p.note() + ")");
            }
            sb.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %d | %s | %.1f | %.0f%% | %s | %s | %s | %s | %s | %s |\n",
                    f.heads(), f.n(), f.d(), f.causal() ? "yes" : "no", f.threads(), ms(g.denseMs(), g.denseMinMs()), dense.gflops(), 100 * dense.peakFraction(),
                    fast == null ? "n/a" : fast.peer(), fast == null ? "n/a" : ms(fast.peerMs(), fast.peerMinMs()),
                    fast == null ? "n/a" : String.format(Locale.ROOT, "%.2f (%.2f)", g.ratio(), g.ratioMin()), others.isEmpty() ? "-" : others,
                    g.topk() == null ? "" : ms(g.topk().ncsparseMs(), g.topk().ncsparseMinMs()),
                    g.topk() == null ? "" : String.format(Locale.ROOT, "%.2f (%.2f)", g.topk().ratio(), g.topk().ratioMin())));
        }
        List<Comparison> gemm = rows.stream().filter(c -> c.kernel().startsWith("gemm")).toList();
        if (!gemm.isEmpty()) {
            sb.append("\n| model GEMM (packed W, + bias) | tokens | in x out | threads | ms (min) | GFLOP/s | % of FMA peak |\n");
            sb.append("|---|---|---|---|---|---|---|\n");
            for (Comparison c : gemm)
                sb.append(String.format(Locale.ROOT, "| Gemm.matmul | %d | %s | %d | %s | %.1f | %.0f%% |\n", c.n(), c.kernel().substring(5).replace("x", " x "),
                        c.threads(), ms3(c.ncsparseMs(), c.ncsparseMinMs()), c.gflops(), 100 * c.peakFraction()));
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
        for (Group g : groups(rows)) {
            Comparison f = g.first();
            labels.add(String.format(Locale.ROOT, "h=%d n=%d d=%d%s t=%d", f.heads(), f.n(), f.d(), f.causal() ? " causal" : "", f.threads()));
            values.add(new double[] {g.ratio(), g.topk() == null ? Double.NaN : g.topk().ratio()});
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
        AtomicFiles.writeString(file, text);
    }

    /** Attention rows grouped by (heads, n, d, causal, threads), in the order they were measured. */
    static List<Group> groups(List<Comparison> rows) {
        Map<String, List<Comparison>> g = new LinkedHashMap<>();
        for (Comparison c : rows) {
            if (c.kernel().startsWith("encoder") || c.kernel().startsWith("gemm")) continue;
            g.computeIfAbsent(c.heads() + "/" + c.n() + "/" + c.d() + "/" + c.causal() + "/" + c.threads(), x -> new ArrayList<>()).add(c);
        }
        List<Group> out = new ArrayList<>();
        for (List<Comparison> cs : g.values()) {
            List<Comparison> peers = cs.stream().filter(c -> c.kernel().equals("dense")).toList();
            Comparison fastest = null;
            for (Comparison p : peers)
                if (Double.isFinite(p.peerMs()) && (fastest == null || p.peerMs() < fastest.peerMs())) fastest = p;
            Comparison topk = cs.stream().filter(c -> c.kernel().startsWith("topk")).findFirst().orElse(null);
            out.add(new Group(cs.get(0), peers, fastest, topk));
        }
        return out;
    }

    private static String ms3(double med, double min) {
        return String.format(Locale.ROOT, "%.3f (%.3f)", med, min);
    }

    private static String ms(double med, double min) {
        return Double.isFinite(med) ? String.format(Locale.ROOT, "%.1f (%.1f)", med, min) : "n/a";
    }
}
