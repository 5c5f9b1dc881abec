package org.ncsparse.lab.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * All {@link HeadPoint}s of a profile plus, per (layer, head, τ), the fit k_needed(n) ≈ α·n^C over
 * the measured lengths.
 */
public record ProfileResult(String source, ProfileSettings settings, int layers, int heads, List<HeadPoint> points,
                            PowerFit[][][] fits, double seconds) {

    /** Builds the result, fitting (α, C) per head and τ over the lengths that were measured. */
    public static ProfileResult of(String source, ProfileSettings s, int layers, int heads, List<HeadPoint> points, double seconds) {
        List<HeadPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingInt(HeadPoint::layer).thenComparingInt(HeadPoint::head).thenComparingInt(HeadPoint::n));
        PowerFit[][][] fits = new PowerFit[layers][heads][s.taus().length];
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < heads; h++) {
                List<HeadPoint> hp = series(sorted, l, h);
                if (hp.size() < 2) continue;
                int[] ns = hp.stream().mapToInt(HeadPoint::n).toArray();
                for (int t = 0; t < s.taus().length; t++) {
                    int tt = t;
                    double[] ks = hp.stream().mapToDouble(p -> p.kNeeded()[tt]).toArray();
                    fits[l][h][t] = PowerFit.fit(ns, ks);
                }
            }
        return new ProfileResult(source, s, layers, heads, List.copyOf(sorted), fits, seconds);
    }

    /** The points of one head, by increasing n. */
    public List<HeadPoint> series(int layer, int head) { return series(points, layer, head); }

    private static List<HeadPoint> series(List<HeadPoint> pts, int layer, int head) {
        return pts.stream().filter(p -> p.layer() == layer && p.head() == head).sorted(Comparator.comparingInt(HeadPoint::n)).toList();
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
