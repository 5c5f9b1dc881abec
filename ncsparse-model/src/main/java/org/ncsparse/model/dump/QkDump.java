package org.ncsparse.model.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The naming scheme for user-dumped attention inputs (see docs/DUMPS.md):
 * {@code layer.{l}.q} [heads, n, d], {@code layer.{l}.k} [kvHeads, n, d], optional
 * {@code layer.{l}.v} [kvHeads, n, dv]; a leading batch dimension of 1 is allowed. heads must be a
 * multiple of kvHeads (grouped-query attention).
 */
public final class QkDump {
    private static final Pattern NAME = Pattern.compile("layer\\.(\\d+)\\.(q|k|v)");
    /**
     * Largest accepted layer index (nine digits). Nothing is sized by the index — a dump holding
     * only layer 10^8 costs what layer 0 would — the limit only turns a mangled name into a clear error.
     */
    public static final int MAX_LAYER_INDEX = 999_999_999;

    /** One layer's tensors and their shape. */
    public record Layer(int index, DumpTensor q, DumpTensor k, DumpTensor v, int heads, int kvHeads, int n, int d) {
        /** Head {@code h}'s rows [n][d] of queries (as float32). */
        public float[] queries(int h) { return slice(q, h, n, d); }
        /** kv head {@code kh}'s rows [n][d] of keys. */
        public float[] keys(int kh) { return slice(k, kh, n, d); }
        /** As {@link #queries}, refusing a NaN or infinite element with the tensor and its [head, row, dim] index. */
        public float[] finiteQueries(int h) throws IOException { return requireFinite(q, slice(q, h, n, d), h, d); }
        /** As {@link #keys}, refusing a NaN or infinite element with the tensor and its [head, row, dim] index. */
        public float[] finiteKeys(int kh) throws IOException { return requireFinite(k, slice(k, kh, n, d), kh, d); }
        /** The kv head that query head h reads. */
        public int kvHeadOf(int h) { return h / (heads / kvHeads); }
    }

    private QkDump() {}

    /** The layers found in {@code file}, in order, each validated. */
    public static List<Layer> layers(DumpFile file) throws IOException {
        TreeSet<Integer> ids = new TreeSet<>();
        for (String name : file.tensors().keySet()) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) continue;
            String digits = m.group(1);
            if (digits.length() > 1 && digits.charAt(0) == '0')
                throw new IOException("tensor '" + name + "': write the layer index without leading zeros (layer." + digits.replaceFirst("^0+(?=.)", "") + ".*)");
            if (digits.length() > 9 || Integer.parseInt(digits) > MAX_LAYER_INDEX)
                throw new IOException("tensor '" + name + "': layer index " + digits + " is above the limit " + MAX_LAYER_INDEX);
            ids.add(Integer.parseInt(digits));
        }
        if (ids.isEmpty()) throw new IOException("dump has no tensors named layer.{l}.q / layer.{l}.k (has " + file.tensors().keySet() + ")");
        List<Layer> out = new ArrayList<>();
        Map<String, DumpTensor> t = file.tensors();
        for (int l : ids) {
            DumpTensor q = file.get("layer." + l + ".q"), k = file.get("layer." + l + ".k"), v = t.get("layer." + l + ".v");
            long[] qs = squeeze(q), ks = squeeze(k);
            if (qs[2] != ks[2]) throw new IOException("layer " + l + ": q head dim " + qs[2] + " differs from k head dim " + ks[2]);
            if (qs[1] != ks[1]) throw new IOException("layer " + l + ": q has " + qs[1] + " rows but k has " + ks[1] + " (self-attention dumps need equal n)");
            if (ks[0] == 0 || qs[0] % ks[0] != 0) throw new IOException("layer " + l + ": " + qs[0] + " query heads is not a multiple of " + ks[0] + " kv heads");
            if (qs[2] < 1) throw new IOException("layer " + l + ": head dim " + qs[2] + " must be >= 1");
            if (qs[0] < 1 || qs[0] > Integer.MAX_VALUE) throw new IOException("layer " + l + ": " + qs[0] + " query heads (must be 1 .. 2^31 - 1)");
            if (qs[1] < 1 || qs[1] > (Integer.MAX_VALUE - 8) / qs[2])
                throw new IOException("layer " + l + ": n = " + qs[1] + " rows of d = " + qs[2] + " exceed one Java array per head (n*d <= 2^31 - 9)");
            out.add(new Layer(l, q, k, v, (int) qs[0], (int) ks[0], (int) qs[1], (int) qs[2]));
        }
        return out;
    }

    /** [1, h, n, d] or [h, n, d] → {h, n, d}. */
    private static long[] squeeze(DumpTensor t) throws IOException {
        long[] s = t.shape();
        if (s.length == 4 && s[0] == 1) return new long[] {s[1], s[2], s[3]};
        if (s.length == 3) return s;
        throw new IOException("tensor '" + t.name() + "' has shape " + java.util.Arrays.toString(s) + "; expected [heads, n, d] or [1, heads, n, d]");
    }

    /** Returns {@code a} (head {@code h} of tensor t, [n][d]) when every element is finite. */
    private static float[] requireFinite(DumpTensor t, float[] a, int h, int d) throws IOException {
        for (int i = 0; i < a.length; i++) {
            if (!Float.isFinite(a[i])) {
                long flat = (long) h * a.length + i;
                throw new IOException("tensor '" + t.name() + "' holds " + a[i] + " at [head " + h + ", row " + i / d + ", dim " + i % d
                        + "] (element " + flat + "); dumped Q and K must be finite");
            }
        }
        return a;
    }

    private static float[] slice(DumpTensor t, int h, int n, int d) {
        float[] out = new float[n * d];
        t.read((long) h * n * d, n * d, out, 0);
        return out;
    }
}
