package org.ncsparse.lab.claims;

import java.util.Locale;

/**
 * How a row's logit spread sigma depends on its length n (logits z_j = sigma_row g_j, g_j iid N(0,1)).
 * Whether top-k converges is decided by the phase parameter m = sqrt(2 ln n)/sigma, so the answer
 * to "is o(log n) enough?" depends on this law, which the paper never states.
 */
public sealed interface SpreadLaw {
    /** sigma at length n (before the per-row ||q|| spread). */
    double sigma(double n);

    /** Short label for tables and legends. */
    String label();

    /** Identifier in CSV files (no commas). */
    String key();

    /** sigma fixed (the paper's simulation: Q, K iid N(0,1), scale s, sigma = s sqrt(d)). */
    record Fixed(double value) implements SpreadLaw {
        public Fixed { if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException("sigma must be finite and > 0, got " + value); }
        @Override public double sigma(double n) { return value; }
        @Override public String label() { return "fixed sigma=" + fmt(value); }
        @Override public String key() { return "fixed_sigma_" + fmt(value); }
    }

    /** sigma = sqrt(2 ln n)/m: the phase parameter m held fixed, so sigma grows like sqrt(ln n). */
    record FixedPhase(double m) implements SpreadLaw {
        public FixedPhase { if (!(m > 0) || Double.isInfinite(m)) throw new IllegalArgumentException("m must be finite and > 0, got " + m); }
        @Override public double sigma(double n) { return Math.sqrt(2 * Math.log(n)) / m; }
        @Override public String label() { return "fixed m=" + fmt(m) + " (sigma ~ sqrt(ln n))"; }
        @Override public String key() { return "fixed_m_" + fmt(m); }
    }

    /** sigma = a + b ln n, fitted to measured heads (an extrapolation beyond the measured lengths). */
    record Fitted(String source, double a, double b) implements SpreadLaw {
        @Override public double sigma(double n) { return Math.max(1e-3, a + b * Math.log(n)); }
        @Override public String label() { return source + ": sigma=" + fmt(a) + (b < 0 ? "" : "+") + fmt(b) + " ln n"; }
        @Override public String key() { return "fitted_" + source.replaceAll("[^A-Za-z0-9]+", "_"); }
    }

    private static String fmt(double v) { return String.format(Locale.ROOT, "%.3g", v); }
}
