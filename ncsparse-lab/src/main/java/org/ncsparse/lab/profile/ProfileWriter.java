package org.ncsparse.lab.profile;

import org.ncsparse.model.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.theory.Phase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a profile to a folder: points.csv (one row per layer, head, n), fits.csv (α, C, r² per
 * head and τ), profile.json (settings, summary, fits), fitted-C heat maps, k_mass-vs-n curves, and
 * index.html tying them together with the plain-language summary.
 */
public final class ProfileWriter {
    private ProfileWriter() {}

    public static void write(ProfileResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        ProfileSettings s = r.settings();
        AtomicFiles.writeText(dir.resolve("points.csv"), w -> {
            StringBuilder h = new StringBuilder("layer,head,n,rows,effective_support,logit_std,phase_m");
            for (double e : s.epsilons()) h.append(",S_eps_").append(fmt(e));
            for (double t : s.taus()) h.append(",k_mass_").append(fmt(1 - t));
            for (double t : s.taus()) h.append(",k_needed_tau_").append(fmt(t));
            for (double t : s.taus()) h.append(",kstar_gaussian_tau_").append(fmt(t));
            for (BudgetPolicy b : s.budgets()) h.append(",dropped_").append(b.spec().replace(',', ';'));
            w.write(h.append('\n').toString());
            for (HeadPoint p : r.points()) {
                StringBuilder line = new StringBuilder();
                line.append(p.layer()).append(',').append(p.head()).append(',').append(p.n()).append(',').append(p.rows())
                        .append(',').append(fmt(p.effSupport())).append(',').append(fmt(p.logitStd()))
                        .append(',').append(p.logitStd() > 0 ? fmt(Phase.m(p.n(), p.logitStd())) : "");
                for (double v : p.sEps()) line.append(',').append(fmt(v));
                for (double v : p.kMass()) line.append(',').append(fmt(v));
                for (int v : p.kNeeded()) line.append(',').append(v);
                for (long v : GaussianReference.kStar(p.n(), p.logitStd(), s.taus())) line.append(',').append(v < 0 ? "" : Long.toString(v));
                for (double v : p.dropped()) line.append(',').append(fmt(v));
                w.write(line.append('\n').toString());
            }
        });
        List<Long> fitKeys = new ArrayList<>(r.headFits().keySet());
        Collections.sort(fitKeys);
        AtomicFiles.writeText(dir.resolve("fits.csv"), w -> {
            w.write("layer,head,tau,alpha,C,r2\n");
            for (long key : fitKeys)
                for (int t = 0; t < s.taus().length; t++) {
                    PowerFit f = r.headFits().get(key)[t];
                    w.write(layerOf(key) + "," + headOf(key) + "," + fmt(s.taus()[t]) + "," + fmt(f.alpha()) + "," + fmt(f.c()) + "," + fmt(f.r2()) + "\n");
                }
        });
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("source", r.source()).put("layers", r.layers()).put("heads", r.heads()).put("seconds", r.seconds());
        ObjectNode set = root.putObject("settings");
        ArrayNode ns = set.putArray("lengths");
        for (int n : s.lengths()) ns.add(n);
        ArrayNode eps = set.putArray("epsilons");
        for (double e : s.epsilons()) eps.add(e);
        ArrayNode taus = set.putArray("taus");
        for (double t : s.taus()) taus.add(t);
        ArrayNode bs = set.putArray("budgets");
        for (BudgetPolicy b : s.budgets()) bs.add(b.spec());
        set.put("maxRows", s.maxRows()).put("causal", s.causal());
        ObjectNode summary = root.putObject("summary");
        for (int n : s.lengths()) {
            if (r.at(n).isEmpty()) continue;
            ObjectNode at = summary.putObject("n=" + n);
            for (int b = 0; b < s.budgets().size(); b++)
                at.putObject(s.budgets().get(b).spec()).put("meanDropped", r.meanDropped(n, b)).put("maxDropped", r.maxDropped(n, b));
            for (int t = 0; t < s.taus().length; t++) {
                int tt = t;
                at.put("meanKMass_" + fmt(1 - s.taus()[t]), r.at(n).stream().mapToDouble(p -> p.kMass()[tt]).average().orElse(Double.NaN));
            }
        }
        ArrayNode fits = root.putArray("fits");
        for (long key : fitKeys)
            for (int t = 0; t < s.taus().length; t++) {
                PowerFit f = r.headFits().get(key)[t];
                fits.addObject().put("layer", layerOf(key)).put("head", headOf(key)).put("tau", s.taus()[t]).put("alpha", f.alpha()).put("C", f.c()).put("r2", f.r2());
            }
        root.put("summaryText", summaryText(r));
        AtomicFiles.writeText(dir.resolve("profile.json"), w -> w.write(json.writeValueAsString(root)));
        for (int t = 0; t < s.taus().length && drawsHeatMap(r); t++) {
            // rows are layer indices 0..last (a layer the profile lacks stays blank), at most MAX_HEATMAP_SIDE of them
            int[] li = r.layerIndices();
            double[][] c = new double[li[li.length - 1] + 1][r.heads()];
            for (double[] row : c) java.util.Arrays.fill(row, Double.NaN);
            for (int l : li)
                for (int h = 0; h < r.heads(); h++) {
                    PowerFit f = r.fit(l, h, t);
                    if (f != null) c[l][h] = f.c();
                }
            double lo = 0, hi = 1;
            for (double[] row : c) for (double v : row) {
                if (v > hi) hi = Math.ceil(v * 10) / 10;
                if (v < lo) lo = Math.floor(v * 10) / 10;
            }
            ProfileCharts.heatMap(dir.resolve("fitted-C-tau" + fmt(s.taus()[t]) + ".png"),
                    r.source() + ": fitted C of k_needed = alpha n^C, tau = " + fmt(s.taus()[t]), "C", c, lo, hi);
        }
        int[] measured = java.util.Arrays.stream(s.lengths()).filter(n -> !r.at(n).isEmpty()).toArray();
        for (int t = 0; t < s.taus().length; t++) {
            // mean k_mass over heads per (layer, n) in one pass over the points
            Map<Integer, double[][]> sums = new java.util.TreeMap<>();
            for (HeadPoint p : r.points()) {
                int at = java.util.Arrays.binarySearch(measured, p.n());
                if (at < 0) continue;
                double[][] acc = sums.computeIfAbsent(p.layer(), x -> new double[2][measured.length]);
                acc[0][at] += p.kMass()[t];
                acc[1][at]++;
            }
            Map<String, double[][]> series = new LinkedHashMap<>();
            int shown = 0;
            for (Map.Entry<Integer, double[][]> e : sums.entrySet()) {
                if (shown++ == MAX_PLOTTED_LAYERS) break;
                double[][] pts = new double[measured.length][];
                for (int i = 0; i < measured.length; i++)
                    pts[i] = new double[] {measured[i], e.getValue()[1][i] == 0 ? Double.NaN : e.getValue()[0][i] / e.getValue()[1][i]};
                series.put("layer " + e.getKey() + " (mean over heads)", pts);
            }
            double[][] lin = java.util.Arrays.stream(s.lengths()).mapToObj(n -> new double[] {n, n}).toArray(double[][]::new);
            series.put("k = n", lin);
            String title = r.source() + ": k_mass(" + fmt(1 - s.taus()[t]) + ") vs n" + (sums.size() > MAX_PLOTTED_LAYERS ? " (first " + MAX_PLOTTED_LAYERS + " layers)" : "");
            ProfileCharts.lines(dir.resolve("kmass-" + fmt(1 - s.taus()[t]) + "-vs-n.png"), title, "n (tokens)", "k_mass", series, true);
        }
        Map<String, double[][]> drop = new LinkedHashMap<>();
        for (int b = 0; b < s.budgets().size(); b++) {
            int bb = b;
            drop.put(s.budgets().get(b).spec(), java.util.Arrays.stream(s.lengths()).filter(n -> !r.at(n).isEmpty())
                    .mapToObj(n -> new double[] {n, r.meanDropped(n, bb)}).toArray(double[][]::new));
        }
        for (int t = 0; t < s.taus().length; t++) {
            byte[] png = GaussianReference.phaseDiagram(r, t);
            AtomicFiles.write(dir.resolve("phase-diagram-tau" + fmt(s.taus()[t]) + ".png"), png);
        }
        ProfileCharts.lines(dir.resolve("dropped-vs-n.png"), r.source() + ": mean dropped mass vs n", "n (tokens)", "mean dropped mass tau", drop, true);
        AtomicFiles.writeText(dir.resolve("index.html"), w -> w.write(ProfileHtml.render(r)));
    }

    /** Heat maps are drawn while layer indices and heads stay below this (one 40-pixel cell each); larger profiles keep fits.csv only. */
    static final int MAX_HEATMAP_SIDE = 256;
    /** The k_mass-vs-n plot shows one line per layer for at most this many layers. */
    static final int MAX_PLOTTED_LAYERS = 48;

    static boolean drawsHeatMap(ProfileResult r) {
        int[] li = r.layerIndices();
        return li.length > 0 && li[li.length - 1] < MAX_HEATMAP_SIDE && r.heads() <= MAX_HEATMAP_SIDE;
    }

    static int layerOf(long key) { return (int) (key >>> 32); }

    static int headOf(long key) { return (int) key; }

    /** The honest one-paragraph reading of the numbers. */
    public static String summaryText(ProfileResult r) {
        ProfileSettings s = r.settings();
        int n = r.maxN();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s, %d layers x %d heads, profiled at n = %s in %.1f s. ", r.source(), r.layers(), r.heads(),
                java.util.Arrays.toString(java.util.Arrays.stream(s.lengths()).filter(x -> !r.at(x).isEmpty()).toArray()), r.seconds()));
        for (int i = 0; i < s.budgets().size(); i++) {
            BudgetPolicy p = s.budgets().get(i);
            b.append(String.format(Locale.ROOT, "At n = %d, %s keeps on average %.1f%% of the attention mass (worst head %.1f%%). ",
                    n, p.spec(), 100 * (1 - r.meanDropped(n, i)), 100 * (1 - r.maxDropped(n, i))));
        }
        double[] ratios = r.at(n).stream().filter(p -> p.logitStd() > 0)
                .mapToDouble(p -> p.kNeeded()[0] / (double) Math.max(1, GaussianReference.kStar(n, p.logitStd(), new double[] {s.taus()[0]})[0]))
                .sorted().toArray();
        if (ratios.length > 0)
            b.append(String.format(Locale.ROOT, "Measured budget for tau = %s over the Gaussian-logit prediction k*(n, sigma): median %.2f (quartiles %.2f..%.2f). ",
                    fmt(s.taus()[0]), ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[3 * ratios.length / 4]));
        long dense = r.at(n).stream().filter(p -> p.logitStd() > 0 && Phase.of(n, p.logitStd()) == Phase.DENSE).count();
        b.append(String.format(Locale.ROOT, "Phase m = sqrt(2 ln n)/sigma at n = %d: %d of %d heads dense (m > 1). ", n, dense, r.at(n).size()));
        for (int t = 0; t < s.taus().length; t++) {
            int tt = t;
            double[] cs = r.headFits().values().stream().mapToDouble(f -> f[tt].c()).sorted().toArray();
            if (cs.length == 0) continue;
            b.append(String.format(Locale.ROOT, "Budget for mean dropped mass <= %s: fitted C median %.2f (range %.2f..%.2f over heads). ",
                    fmt(s.taus()[t]), cs[cs.length / 2], cs[0], cs[cs.length - 1]));
        }
        return b.toString();
    }

    public static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }


}
