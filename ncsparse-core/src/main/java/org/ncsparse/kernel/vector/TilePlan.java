package org.ncsparse.kernel.vector;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ncsparse.kernel.Simd;

/**
 * Tile sizes of the tiled kernels, chosen once per JVM for the CPU it runs on (never per call, so a
 * result does not depend on anything but the request and the machine):
 * <ul>
 *   <li>{@link #KEYS_PER_STEP}: keys per register tile of both products. The tile holds
 *       KEYS_PER_STEP x {@link QueryTile#R} accumulators plus R operand vectors and one broadcast:
 *       6 x 4 = 24 + 5 = 29 live vectors where the ISA has 32 vector registers (AVX-512 at any
 *       width, AArch64), 4 x 4 = 16 + 5 = 21 where it has 16 (AVX2 without AVX-512), so nothing spills.</li>
 *   <li>{@link #KB}: keys per block of the online softmax, sized so that the block's logit tile stays
 *       in the L1 data cache.</li>
 *   <li>{@link #QUERY_TILES}: query tiles sharing each pass over K and V, from the L2 size.</li>
 * </ul>
 * All can be forced for measurements: {@code -Dncsparse.tile.keys=4|6}, {@code -Dncsparse.tile.kb=N},
 * {@code -Dncsparse.tile.group=N}.
 * The register tile never changes results (every accumulator sums in the same order); the key block
 * does, in the last bits, because it sets where the softmax rescales.
 */
final class TilePlan {
    private TilePlan() {}

    /** Vector registers the ISA names: 32 with AVX-512 (also at 256/128 bits, via VL) or AArch64, else 16. */
    static final int REGISTERS = registers();
    /** Keys per register tile: 6 with 32 registers, 4 with 16. */
    static final int KEYS_PER_STEP = Integer.getInteger("ncsparse.tile.keys", REGISTERS >= 32 ? 6 : 4);
    /** L1 data cache per core in bytes (48 KB assumed when the OS does not say). */
    static final int L1D = cacheBytes("index0", 48 << 10);
    /**
     * Keys per softmax block: the logit tile (KB x BR floats) is written once and read twice per block
     * (the exp pass, then every value-column group of P V), so it gets half of the L1 data cache, the
     * other half streaming the query tile and the K and V rows. KB is the largest multiple of
     * KEYS_PER_STEP that fits, within [16, 256]: 96 keys with a 48 KB L1 at 512 bits (measured on
     * Zen 5: 96 and 144 alike, 48 slower at d = 64), 60 with 32 KB (Zen 4 measured 64 best of 16, 32,
     * 64 with the older 4-key tile).
     */
    static final int KB = Integer.getInteger("ncsparse.tile.kb", keyBlock(L1D, QueryTile.BR, KEYS_PER_STEP));

    /** L2 cache per core in bytes (1 MB assumed when the OS does not say). */
    static final int L2 = cacheBytes("index2", 1 << 20);
    /**
     * Query tiles of the dense kernel that share each pass over a key block (so K and V stream from
     * L3 once per QUERY_TILES x BR rows, not once per BR): as many as keep every tile's queries and
     * output (2 x 128 x BR floats at d = 128) in half of L2, at most 8 (the row blocks the thread pool
     * hands out are at most 512 rows). Measured on Zen 5 (1 MB L2, n = 16384, d = 64, 1 thread):
     * 1 tile 48%, 2 tiles 56-59%, 4 tiles 64-66%, 8 tiles 69-73% of the FMA peak. Never changes results.
     */
    static final int QUERY_TILES = Integer.getInteger("ncsparse.tile.group", queryTiles(L2, QueryTile.BR));

    static int queryTiles(int l2Bytes, int tileRows) {
        return Math.max(1, Math.min(8, l2Bytes / 2 / (2 * 128 * tileRows * 4)));
    }

    static int keyBlock(int l1dBytes, int tileRows, int keysPerStep) {
        int fit = l1dBytes / 2 / (4 * tileRows);
        return Math.max(16, Math.min(256, fit / keysPerStep * keysPerStep));
    }

    private static int registers() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("aarch64")) return 32;
        if (Simd.vectorBits() == 512) return 32;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("flags")) return line.contains(" avx512f") ? 32 : 16;
        } catch (Exception ignored) {
            // not Linux, or not readable: assume the smaller register file
        }
        return 16;
    }

    private static int cacheBytes(String index, int fallback) {
        try {
            String s = Files.readString(Path.of("/sys/devices/system/cpu/cpu0/cache", index, "size")).trim();
            int mult = s.endsWith("K") ? 1 << 10 : s.endsWith("M") ? 1 << 20 : 1;
            return Integer.parseInt(mult == 1 ? s : s.substring(0, s.length() - 1)) * mult;
        } catch (Exception e) {
            return fallback;
        }
    }
}
