package org.ncsparse.bench;

import java.util.ArrayList;
import java.util.List;

/** One benchmark shape: heads query heads (as many KV heads), n keys = n queries, head dim d, causal or not. */
public record Shape(int heads, int n, int d, boolean causal) {
    /** The grid of a run: full = heads 1, 8 x n 1024, 4096, 16384 x d 64, 128 x causal or not; quick = d 64, n up to 4096; smoke = CI seconds. */
    public static List<Shape> grid(String mode) {
        int[] hs, ns, ds;
        boolean[] causal = {false, true};
        switch (mode) {
            case "smoke" -> { hs = new int[] {1}; ns = new int[] {256}; ds = new int[] {64}; }
            case "quick" -> { hs = new int[] {1, 8}; ns = new int[] {1024, 4096}; ds = new int[] {64}; }
            default -> { hs = new int[] {1, 8}; ns = new int[] {1024, 4096, 16384}; ds = new int[] {64, 128}; }
        }
        List<Shape> out = new ArrayList<>();
        for (int h : hs) for (int n : ns) for (int d : ds) for (boolean c : causal) out.add(new Shape(h, n, d, c));
        return out;
    }

    public PeerWorkload workload(int threads) { return new PeerWorkload(heads, n, d, causal, threads); }

    @Override
    public String toString() { return "heads=" + heads + " n=" + n + " d=" + d + (causal ? " causal" : ""); }
}
