package org.ncsparse.model.llm;

import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy (arg max, lowest id on ties) when temperature is 0, else
 * temperature + top-p (nucleus) sampling with a seeded generator, so a run is reproducible:
 * p_i ∝ exp((l_i − max l) / T); keep the smallest set of most likely tokens whose mass is ≥ topP
 * (ties by lower id first); draw from it, renormalised.
 */
public final class Sampler {
    private final float temperature, topP;
    private final SplittableRandom random;
    private float[] probs = new float[0];
    private int[] order = new int[0];

    /**
     * @param temperature 0 for greedy, else &gt; 0
     * @param topP        in (0, 1]; 1 keeps every token
     * @param seed        seed of the generator
     */
    public Sampler(float temperature, float topP, long seed) {
        if (!(temperature >= 0) || Float.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    public static Sampler greedy() { return new Sampler(0, 1, 0); }

    public boolean isGreedy() { return temperature == 0; }

    /** The next token id. */
    public int next(float[] logits) {
        if (logits == null || logits.length == 0) throw new IllegalArgumentException("logits must not be empty");
        int best = argMax(logits);
        if (temperature == 0) return best;
        int n = logits.length;
        if (probs.length < n) { probs = new float[n]; order = new int[n]; }
        double z = 0, max = logits[best];
        for (int i = 0; i < n; i++) { probs[i] = (float) Math.exp((logits[i] - max) / temperature); z += probs[i]; }
        int kept = nucleus(n, z);
        double mass = 0;
        for (int i = 0; i < kept; i++) mass += probs[order[i]];
        double u = random.nextDouble() * mass, acc = 0;
        for (int i = 0; i < kept; i++) {
            acc += probs[order[i]];
            if (u < acc) return order[i];
        }
        return order[kept - 1];
    }

    /** Sorts token ids by probability (descending, lower id first on ties) far enough to cover topP; returns the count kept. */
    private int nucleus(int n, double z) {
        for (int i = 0; i < n; i++) order[i] = i;
        if (topP >= 1) return n;
        // a heap sort of the vocabulary (n log n, no boxing) per sampled token
        heapSortDescending(order, n, probs);
        double target = topP * z, acc = 0;
        for (int i = 0; i < n; i++) {
            acc += probs[order[i]];
            if (acc >= target) return i + 1;
        }
        return n;
    }

    private static int argMax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        if (Float.isNaN(x[best])) throw new IllegalArgumentException("logits contain NaN");
        return best;
    }

    /** Sorts idx[0..n) so p[idx] is descending, ties by ascending index. */
    private static void heapSortDescending(int[] idx, int n, float[] p) {
        for (int i = n / 2 - 1; i >= 0; i--) siftDown(idx, i, n, p);
        for (int end = n - 1; end > 0; end--) {
            int t = idx[0]; idx[0] = idx[end]; idx[end] = t;
            siftDown(idx, 0, end, p);
        }
    }

    /** Min-heap on (p, -index): the root is the least likely, so the sort ends descending. */
    private static boolean less(int a, int b, float[] p) { return p[a] < p[b] || (p[a] == p[b] && a > b); }

    private static void siftDown(int[] idx, int i, int n, float[] p) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, m = i;
            if (l < n && less(idx[l], idx[m], p)) m = l;
            if (r < n && less(idx[r], idx[m], p)) m = r;
            if (m == i) return;
            int t = idx[i]; idx[i] = idx[m]; idx[m] = t;
            i = m;
        }
    }
}
