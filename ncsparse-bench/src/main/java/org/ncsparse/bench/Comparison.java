package org.ncsparse.bench;

import java.util.Locale;

/**
 * One row of the peer table and one JSON record: NcSparse's time for {@code kernel} ("dense" or
 * "topk:&lt;budget&gt;") against {@code peer}'s on the same shape; ratio = ncsparse_ms / peer_ms
 * (below 1: NcSparse is faster). GFLOP/s count dense FLOPs (4 n^2 d, halved when causal);
 * peakFraction = gflops / (measured FMA peak of that many threads).
 */
public record Comparison(String kernel, int n, int d, boolean causal, int threads, String peer,
                         double ncsparseMs, double peerMs, double gflops, double peakFraction, String note) {
    public double ratio() { return ncsparseMs / peerMs; }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"kernel\":\"%s\",\"n\":%d,\"d\":%d,\"causal\":%b,\"threads\":%d,\"peer\":\"%s\","
                        + "\"ncsparse_ms\":%.3f,\"peer_ms\":%s,\"ratio\":%s,\"gflops\":%.2f,\"peak_fraction\":%.4f%s}",
                kernel, n, d, causal, threads, peer, ncsparseMs, num(peerMs), num(ratio()), gflops, peakFraction,
                note == null ? "" : ",\"note\":\"" + note.replace("\"", "'") + "\"");
    }

    private static String num(double x) { return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4f", x) : "null"; }
}
