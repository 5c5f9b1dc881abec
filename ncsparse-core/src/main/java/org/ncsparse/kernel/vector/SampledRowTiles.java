package org.ncsparse.kernel.vector;

import static org.ncsparse.kernel.vector.QueryTile.BR;
import static org.ncsparse.kernel.vector.QueryTile.R;
import static org.ncsparse.kernel.vector.Vec.L;
import static org.ncsparse.kernel.vector.Vec.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.ncsparse.attention.AttentionRequest;

/**
 * Block maxima of the logits of scattered query rows (the rows block-sparse selection samples), at
 * the dense kernel's rate: the rows are packed BR at a time into the transposed query tile of
 * {@link QueryTile} (any rows, not a consecutive range), their logits against each key block come
 * from the same register-tiled product, and each lane keeps the maximum over the keys its row sees:
 * out[t][b] = max_{j in block b, j &lt; visible(row_t)} s q_t . k_j (-inf when the row sees none of
 * block b). Requests without a bias only (the caller scores biased rows one at a time).
 */
public final class SampledRowTiles {
    private SampledRowTiles() {}

    /** Rows per tile: callers hand out work in multiples of it. */
    public static final int TILE_ROWS = BR;

    /**
     * Fills out[t * stride + b] for the rows rows[from, from + count) (t counted from 0 at rows[0]) and
     * the key blocks b of size blockSize holding a key the row sees; other entries are left as they are.
     */
    public static void blockMaxima(AttentionRequest r, int head, int[] rows, int from, int count, int blockSize, float[] out, int stride) {
        if (r.bias() != null) throw new IllegalArgumentException("blockMaxima takes requests without a bias");
        int d = r.d(), kOff = r.keyOffset(r.kvHeadOf(head));
        float[] q = r.q(), k = r.k();
        Scratch s = Scratch.get();
        float[] qt = s.qt = Scratch.grow(s.qt, d * BR), st = s.st = Scratch.grow(s.st, blockSize * BR);
        float[] bmax = s.bmax = Scratch.grow(s.bmax, BR), vis = s.kf = Scratch.grow(s.kf, BR), m = s.runMax = Scratch.grow(s.runMax, BR);
        float scale = r.scale();
        for (int t0 = from; t0 < from + count; t0 += BR) {
            int n = Math.min(BR, from + count - t0), last = 0;
            java.util.Arrays.fill(qt, 0, d * BR, 0f);
            for (int i = 0; i < BR; i++) {
                if (i < n) {
                    int row = rows[t0 + i], qOff = r.queryOffset(head, row);
                    for (int c = 0; c < d; c++) qt[c * BR + i] = scale * q[qOff + c];
                    vis[i] = r.visible(row);
                    last = Math.max(last, r.visible(row));
                } else vis[i] = 0;
            }
            for (int b = 0, j0 = 0; j0 < last; b++, j0 += blockSize) {
                int len = Math.min(blockSize, last - j0);
                QueryTile.scores(k, kOff + j0 * d, d, len, qt, st, bmax);
                for (int g = 0; g < R; g++) {
                    int lo = g * L;
                    FloatVector v = FloatVector.fromArray(S, vis, lo).sub(j0), mx = Vec.negInf(); // keys j < v are visible
                    for (int j = 0, o = lo; j < len; j++, o += BR) {
                        VectorMask<Float> seen = v.compare(VectorOperators.GT, j);
                        mx = mx.max(FloatVector.fromArray(S, st, o).blend(Float.NEGATIVE_INFINITY, seen.not()));
                    }
                    mx.intoArray(m, lo);
                }
                for (int i = 0; i < n; i++) if (j0 < vis[i]) out[(t0 + i) * stride + b] = m[i];
            }
        }
    }
}
