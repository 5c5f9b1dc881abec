package org.ncsparse.lab.profile;

import org.ncsparse.lab.PhaseDiagram;
import org.ncsparse.theory.FiniteNTail;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Gaussian-logit theory (core {@code theory.FiniteNTail}, SPEC §2) predicts for a head with
 * the measured mean logit spread σ at length n: the budget k* whose mean dropped mass is ≤ τ. The
 * ratio measured k_needed / k* says how far a real head is from "iid Gaussian logits with that σ"
 * (below 1: sparser than its σ suggests — sinks, heavy tails; above 1: denser).
 */
public final class GaussianReference {
    static final int SAMPLES = 200;

    private GaussianReference() {}

    /** k*(n, σ, τ) per τ, or −1 when σ is not positive. */
    public static long[] kStar(int n, double sigma, double[] taus) {
        long[] out = new long[taus.length];
        if (!(sigma > 0)) { java.util.Arrays.fill(out, -1); return out; }
        FiniteNTail model = FiniteNTail.of(n, sigma, SAMPLES, FiniteNTail.DEFAULT_TOP, FiniteNTail.DEFAULT_SEED);
        for (int t = 0; t < taus.length; t++) out[t] = model.kStar(taus[t]);
        return out;
    }

    /** Phase-diagram PNG (SPEC §2) for taus[ti] with every head placed at the largest n and its σ; a few extremes labelled. */
    public static byte[] phaseDiagram(ProfileResult r, int ti) {
        PhaseDiagram.Grid g = PhaseDiagram.compute(new double[] {r.settings().taus()[ti]}, SAMPLES, null);
        return PhaseDiagram.png(g, 0, points(r, r.maxN(), ""));
    }

    /** Every head at length n as a phase-diagram point at its mean logit spread σ; the lowest, median and highest labelled. */
    public static List<PhaseDiagram.HeadPoint> points(ProfileResult r, int n, String labelPrefix) {
        List<HeadPoint> at = new ArrayList<>(r.at(n));
        at.sort(java.util.Comparator.comparingDouble(HeadPoint::logitStd));
        List<PhaseDiagram.HeadPoint> pts = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            HeadPoint p = at.get(i);
            boolean label = i == 0 || i == at.size() - 1 || i == at.size() / 2;
            pts.add(new PhaseDiagram.HeadPoint(label ? labelPrefix + "L" + p.layer() + "H" + p.head() : "", n, p.logitStd()));
        }
        return pts;
    }
}
