package org.ncsparse.lab;

/**
 * The size of the claims experiments (independent Gaussian rows on a long grid, a causal prefill,
 * real-encoder spreads). The long grid starts where the Figure 2 grid starts and contains it, so the
 * equal-compute comparison runs on exactly the Figure 2 lengths.
 *
 * @param grid          lengths n of the independent-row sweep (powers of two)
 * @param rows          independent rows per (law, n), split into {@code groups} equal groups (for k* intervals)
 * @param causalLength  N of the causal prefill (row i sees i keys)
 * @param causalRows    rows sampled from it
 * @param realLengths   n at which the real encoder's heads are measured; empty = skip the encoder
 * @param kRow          every row's dropped mass is kept for k = 0..kRow (and at every budget's k)
 * @param kSel          group curves (for k*) reach k = kSel; larger k* are reported as censored
 * @param theorySamples draws per finite-n theory point
 */
public record ClaimsSettings(int[] grid, int rows, int groups, int causalLength, int causalRows, int[] realLengths,
                             int kRow, int kSel, int theorySamples) {
    public ClaimsSettings {
        if (grid == null || grid.length < 3) throw new IllegalArgumentException("the claims grid needs at least 3 lengths");
        if (rows < groups || rows % groups != 0) throw new IllegalArgumentException("rows must be a multiple of groups");
        if (causalRows < 2 || causalLength < causalRows) throw new IllegalArgumentException("causal rows must be in [2, causalLength]");
        if (realLengths == null) throw new IllegalArgumentException("realLengths must not be null (may be empty)");
    }

    static final int[] REAL_LENGTHS = {32, 64, 128, 256, 512};

    /** 2^8..2^17, 256 rows per n; causal N = 2^14 with 512 rows; MiniLM at n = 32..512. */
    static ClaimsSettings quick() { return new ClaimsSettings(Reproduction.powers(8, 17), 256, 16, 1 << 14, 512, REAL_LENGTHS, 512, 8192, 200); }

    /** 2^8..2^20, 512 rows per n; causal N = 2^17 with 2048 rows. */
    static ClaimsSettings full() { return new ClaimsSettings(Reproduction.powers(8, 20), 512, 16, 1 << 17, 2048, REAL_LENGTHS, 512, 16384, 400); }

    /** Seconds: 2^6..2^10, 32 rows; no encoder. */
    static ClaimsSettings tiny() { return new ClaimsSettings(Reproduction.powers(6, 10), 32, 4, 512, 64, new int[0], 128, 512, 40); }
}
