package org.ncsparse.testing;

import java.util.SplittableRandom;

/** Gaussian test tensors from a seeded generator. */
public final class RandomInputs {
    private final SplittableRandom rnd;

    public RandomInputs(long seed) { rnd = new SplittableRandom(seed); }

    /** {@code size} iid N(0, sigma^2) floats. */
    public float[] gaussian(int size, double sigma) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) (sigma * gaussian());
        return a;
    }

    /** Box–Muller standard normal. */
    public double gaussian() {
        double u = 1 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    public int nextInt(int bound) { return rnd.nextInt(bound); }

    public double nextDouble() { return rnd.nextDouble(); }
}
