package org.ncsparse.bench;

import java.util.Locale;

/**
 * One row of the peer table and one JSON record: NcSparse's time for {@code kernel} ("dense" or
 * "topk:&lt;budget&gt;") against {@code peer}'s on the same shape; ratio = ncsparse_ms / peer_ms
 * (below 1: NcSparse is faster). GFLOP/s count dense FLOPs (4 n^2 d per head, halved when causal);
 * peakFraction = gflops / (measured FMA peak of that many threads). The *Min fields are the fastest
 * runs; gflops and peakFraction use the median.
 */
public record Comparison(String kernel, int heads, int n, int d, boolean causal, int threads, String peer,
                         double ncsparseMs, double peerMs, double ncsparseMinMs, double peerMinMs,
                         double gflops, double peakFraction, String note) {
    /** Ratio of medians (the headline number). */
    public double ratio() { return ncsparseMs / peerMs; }

    /** Ratio of the fastest runs (least disturbed by other processes). */
    public double ratioMin() { return ncsparseMinMs / peerMinMs; }

    public String toJson() {
        return String.format(Locale.ROOT, "{\"kernel\":\"%s\",\"heads\":%d,\"n\":%d,\"d\":%d,\"causal\":%b,\"threads\":%d,\"peer\":\"%s\","
                        + "\"ncsparse_ms\":%s,\"peer_ms\":%s,\"ratio\":%s,\"gflops\":%s,\"peak_fraction\":%s,"
                        + "\"ncsparse_min_ms\":%s,\"peer_min_ms\":%s,\"ratio_min\":%s%s}",
                kernel, heads, n, d, causal, threads, peer, num(ncsparseMs), num(peerMs), num(ratio()), num(gflops), num(peakFraction),
                num(ncsparseMinMs), num(peerMinMs), num(ratioMin()),
                note == null ? "" : ",\"note\":\"" + note.replace("\"", "'") + "\"");
    }

    private static String num(double x) { return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4f", x) : "null"; }
}
