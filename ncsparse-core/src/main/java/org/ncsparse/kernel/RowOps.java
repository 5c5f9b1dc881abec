package org.ncsparse.kernel;

/**
 * The one exp, axpy and kept-mass rule of every row-at-a-time path (plain Java, SIMD row kernel,
 * top-k tiles, decoding). Dispatches once to the Vector API bodies ({@code vector.VectorRowOps},
 * loaded only when {@link Simd#vectorized()}) or to plain loops. Every sum is taken in a fixed
 * order, so results do not depend on threads or on what the JIT has compiled.
 */
public final class RowOps {
    private RowOps() {}

    private static final boolean VECTOR = Simd.vectorized();

    /** max of x[0..n); -inf when n = 0. */
    public static float max(float[] x, int n) {
        if (VECTOR) return org.ncsparse.kernel.vector.VectorRowOps.max(x, n);
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, x[j]);
        return m;
    }

    /**
     * w[j] = e^(w[j] - max) for j &lt; n, in place; returns the sum in double. A max of -inf (every
     * logit masked) shifts by 0, so the weights are e^(-inf) = 0, not NaN.
     */
    public static double expShiftInPlace(float[] w, int n, float max) {
        if (VECTOR) return org.ncsparse.kernel.vector.VectorRowOps.expShiftInPlace(w, n, max);
        float shift = max == Float.NEGATIVE_INFINITY ? 0f : max;
        double z = 0;
        for (int j = 0; j < n; j++) z += (w[j] = (float) Math.exp(w[j] - shift));
        return z;
    }

    /** acc[0..dv) += w * v[off..off+dv). */
    public static void axpy(float w, float[] v, int off, float[] acc, int dv) {
        if (VECTOR) { org.ncsparse.kernel.vector.VectorRowOps.axpy(w, v, off, acc, dv); return; }
        for (int c = 0; c < dv; c++) acc[c] += w * v[off + c];
    }

    /** out[off..off+dv) = acc / z. */
    public static void normalise(float[] acc, double z, float[] out, int off, int dv) {
        float inv = (float) (1 / z);
        for (int c = 0; c < dv; c++) out[off + c] = acc[c] * inv;
    }

    /**
     * The kept-mass rule every path reports to a {@link org.ncsparse.attention.SelectionObserver}:
     * keptSum / total clamped to [0, 1] (rounding can push the ratio a hair past 1), and 0, never
     * NaN, when the total is 0 (nothing visible).
     */
    public static double keptMass(double keptSum, double total) {
        double r = keptSum / total;
        return r >= 1 ? 1 : r > 0 ? r : 0;
    }
}
