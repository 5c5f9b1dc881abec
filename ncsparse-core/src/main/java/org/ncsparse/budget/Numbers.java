package org.ncsparse.budget;

/** Shortest round-trip formatting of parameters in policy specs ("1" not "1.0", "0.5", "1e-05"). */
final class Numbers {
    private Numbers() {}

    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return Double.toString(x);
    }
}
