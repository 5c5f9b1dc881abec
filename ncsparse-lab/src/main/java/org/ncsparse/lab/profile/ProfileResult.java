package org.ncsparse.lab.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * All {@link HeadPoint}s of a profile plus, per (layer, head, τ), the fit k_needed(n) ≈ α·n^C over
 * the measured lengths. Everything is sized by the points that exist: a dump holding only
 * {@code layer.100000000.*} gives one layer index, not 10^8 empty ones.
 *
 * @param layerIndices the distinct layer indices of the points, ascending
 * @param heads        1 + the largest head index (heads per layer; the most of any layer)
 * @param headFits     per (layer, head) with ≥ 2 lengths, the fit per τ (see {@link #fit})
 */
public record ProfileResult(String source, ProfileSettings settings, int[] layerIndices, int heads, List<HeadPoint> points,
                            Map<Long, PowerFit[]> headFits, double seconds) {

    /** Builds the result from the points alone, fitting (α, C) per head and τ over the measured lengths. */
    public static ProfileResult of(String source, ProfileSettings s, List<HeadPoint> points, double seconds) {
        List<HeadPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(HeadPoint::layer).thenComparingInt(HeadPoint::head).thenComparingInt(HeadPoint::n));
        TreeSet<Integer> layers = new TreeSet<>();
        int heads = 0;
        Map<Long, List<HeadPoint>> byHead = new HashMap<>();
        for (HeadPoint p : sorted) {
            if (p.layer() < 0 || p.head() < 0)
                throw new IllegalArgumentException("point layer and head must be >= 0, got layer " + p.layer() + " head " + p.head());
            layers.add(p.layer());
            heads = Math.max(heads, p.head() + 1);
            byHead.computeIfAbsent(key(p.layer(), p.head()), x -> new ArrayList<>()).add(p);
        }
        Map<Long, PowerFit[]> fits = new HashMap<>();
        for (Map.Entry<Long, List<HeadPoint>> e : byHead.entrySet()) {
            List<HeadPoint> hp = e.getValue();
            if (hp.size() < 2) continue;
            int[] ns = new int[hp.size()];
            for (int i = 0; i < ns.length; i++) ns[i] = hp.get(i).n();
            PowerFit[] perTau = new PowerFit[s.taus().length];
            for (int t = 0; t < perTau.length; t++) {
                double[] ks = new double[hp.size()];
                for (int i = 0; i < ks.length; i++) ks[i] = hp.get(i).kNeeded()[t];
                perTau[t] = PowerFit.fit(ns, ks);
            }
            fits.put(e.getKey(), perTau);
        }
        int[] li = layers.stream().mapToInt(Integer::intValue).toArray();
        return new ProfileResult(source, s, li, heads, List.copyOf(sorted), Collections.unmodifiableMap(fits), seconds);
    }

    /**
     * As {@link #of(String, ProfileSettings, List, double)}, for a model of {@code layers} × {@code heads}:
     * every point must lie inside those bounds.
     */
    public static ProfileResult of(String source, ProfileSettings s, int layers, int heads, List<HeadPoint> points, double seconds) {
        for (HeadPoint p : points)
            if (p.layer() >= layers || p.head() >= heads)
                throw new IllegalArgumentException("point (layer " + p.layer() + ", head " + p.head() + ") outside the " + layers + " x " + heads + " model");
        ProfileResult r = of(source, s, points, seconds);
        return new ProfileResult(source, s, r.layerIndices, Math.max(heads, r.heads), r.points, r.headFits, seconds);
    }

    private static long key(int layer, int head) { return (long) layer << 32 | head; }

    /** The distinct layer indices, ascending (a copy). */
    @Override public int[] layerIndices() { return layerIndices.clone(); }

    /** Number of distinct layers profiled. */
    public int layers() { return layerIndices.length; }

    /** The fit of (layer, head) for settings().taus()[tau], or null when that head has fewer than two lengths. */
    public PowerFit fit(int layer, int head, int tau) {
        PowerFit[] f = headFits.get(key(layer, head));
        return f == null ? null : f[tau];
    }

    /**
     * The fits as a dense [layer][head][τ] array, for profiles whose layers are exactly 0..L−1 (a
     * model); a dump with other layer indices must use {@link #fit} (a dense array indexed by
     * layer would be sized by the largest index).
     */
    public PowerFit[][][] fits() {
        int l = layerIndices.length;
        if (l > 0 && (layerIndices[0] != 0 || layerIndices[l - 1] != l - 1))
            throw new IllegalStateException("layer indices " + Arrays.toString(Arrays.copyOf(layerIndices, Math.min(l, 8)))
                    + (l > 8 ? "..." : "") + " are not 0.." + (l - 1) + "; use fit(layer, head, tau)");
        PowerFit[][][] out = new PowerFit[l][heads][settings.taus().length];
        for (int i = 0; i < l; i++)
            for (int h = 0; h < heads; h++)
                for (int t = 0; t < settings.taus().length; t++) out[i][h][t] = fit(i, h, t);
        return out;
    }

    /** The points of one head, by increasing n. */
    public List<HeadPoint> series(int layer, int head) {
        return points.stream().filter(p -> p.layer() == layer && p.head() == head).sorted(Comparator.comparingInt(HeadPoint::n)).toList();
    }

    /** Points at length n (all heads). */
    public List<HeadPoint> at(int n) { return points.stream().filter(p -> p.n() == n).toList(); }

    /** Largest measured length. */
    public int maxN() { return points.stream().mapToInt(HeadPoint::n).max().orElse(0); }

    /** Mean over heads at length n of the given budget's dropped mass. */
    public double meanDropped(int n, int budget) { return at(n).stream().mapToDouble(p -> p.dropped()[budget]).average().orElse(Double.NaN); }

    /** Max over heads at length n of the given budget's dropped mass. */
    public double maxDropped(int n, int budget) { return at(n).stream().mapToDouble(p -> p.dropped()[budget]).max().orElse(Double.NaN); }
}
