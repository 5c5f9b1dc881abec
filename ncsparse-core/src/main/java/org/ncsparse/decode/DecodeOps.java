package org.ncsparse.decode;

import org.ncsparse.cache.KvStorage;
import org.ncsparse.cache.PagedKvCache;

/**
 * The decode-specific vector operations (page scores and page bounds), with a Vector API path when
 * {@code jdk.incubator.vector} is present and plain loops otherwise; exp, axpy and the rest of a row
 * are the shared {@link org.ncsparse.kernel.RowOps}. {@link VectorDecodeOps} is only loaded when the
 * module is there (the JVM resolves it on first call).
 */
final class DecodeOps {
    private DecodeOps() {}

    static final boolean VECTOR = org.ncsparse.kernel.Simd.vectorized();

    /** Logits of page p of kv head kv (keys transposed [d][pageSize], any storage) into out[outOff..]; returns their max. */
    static float scorePage(float[] q, int qOff, PagedKvCache cache, int kv, int p, float scale, float[] out, int outOff) {
        int ps = cache.pageSize(), len = cache.pageLength(p), d = cache.d();
        KvStorage st = cache.storage();
        if (!st.half()) return org.ncsparse.kernel.TransposedDot.score(q, qOff, cache.keyPage(kv, p), 0, ps, len, d, scale, out, outOff);
        return HalfOps.score(q, qOff, cache.keyPageBits(kv, p), ps, len, d, scale, out, outOff, st == KvStorage.BF16);
    }

    /** Upper bound of q.k over keys with k_c in [min_c, max_c]: sum_c max(q_c min_c, q_c max_c). */
    static float upperBound(float[] q, int qOff, float[] min, float[] max, int off, int d) {
        if (VECTOR) return VectorDecodeOps.upperBound(q, qOff, min, max, off, d);
        float s = 0;
        for (int c = 0; c < d; c++) s += Math.max(q[qOff + c] * min[off + c], q[qOff + c] * max[off + c]);
        return s;
    }
}
