package org.ncsparse.bench;

import java.util.ArrayList;
import java.util.List;

/** One benchmark shape: n keys = n queries, head dim d, causal or not (threads vary separately). */
public record Shape(int n, int d, boolean causal) {
    /** The grid of a run: full = SPEC section 5 shapes; quick = a minute; smoke = CI seconds. */
    public static List<Shape> grid(String mode) {
        int[] ns, ds;
        boolean[] causal;
        switch (mode) {
            case "smoke" -> { ns = new int[] {256}; ds = new int[] {64}; causal = new boolean[] {false}; }
            case "quick" -> { ns = new int[] {1024, 4096}; ds = new int[] {64}; causal = new boolean[] {false, true}; }
            default -> { ns = new int[] {4096, 16384}; ds = new int[] {64, 128}; causal = new boolean[] {false, true}; }
        }
        List<Shape> out = new ArrayList<>();
        for (int n : ns) for (int d : ds) for (boolean c : causal) out.add(new Shape(n, d, c));
        return out;
    }

    public PeerWorkload workload(int threads) { return new PeerWorkload(n, d, causal, threads); }
}
