package org.ncsparse.model.llama;

import java.util.List;
import java.util.Map;

/**
 * Typed reads from a file's metadata given as a map of key to value (numbers, strings, booleans,
 * lists or arrays). A missing key or a value of the wrong type gives an error naming the key.
 */
public final class MetadataValues {
    private MetadataValues() {}

    public static boolean has(Map<String, ?> m, String key) { return m.get(key) != null; }

    public static String string(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof String s) return s;
        throw wrong(key, "a string", v);
    }

    public static long integer(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof Number n && (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n.doubleValue() == Math.rint(n.doubleValue()))) return n.longValue();
        throw wrong(key, "an integer", v);
    }

    public static long integer(Map<String, ?> m, String key, long fallback) { return has(m, key) ? integer(m, key) : fallback; }

    public static double real(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number", v);
    }

    public static double real(Map<String, ?> m, String key, double fallback) { return has(m, key) ? real(m, key) : fallback; }

    public static boolean bool(Map<String, ?> m, String key, boolean fallback) {
        if (!has(m, key)) return fallback;
        Object v = m.get(key);
        if (v instanceof Boolean b) return b;
        throw wrong(key, "a boolean", v);
    }

    public static String[] strings(Map<String, ?> m, String key) {
        Object v = require(m, key);
        Object[] a = objects(key, v);
        String[] out = new String[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof String s)) throw wrong(key + "[" + i + "]", "a string", a[i]);
            out[i] = s;
        }
        return out;
    }

    public static float[] floats(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof float[] f) return f.clone();
        if (v instanceof double[] d) { float[] f = new float[d.length]; for (int i = 0; i < d.length; i++) f[i] = (float) d[i]; return f; }
        Object[] a = objects(key, v);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Number n)) throw wrong(key + "[" + i + "]", "a number", a[i]);
            out[i] = n.floatValue();
        }
        return out;
    }

    public static int[] ints(Map<String, ?> m, String key) {
        Object v = require(m, key);
        if (v instanceof int[] x) return x.clone();
        if (v instanceof long[] l) { int[] x = new int[l.length]; for (int i = 0; i < l.length; i++) x[i] = Math.toIntExact(l[i]); return x; }
        if (v instanceof byte[] b) { int[] x = new int[b.length]; for (int i = 0; i < b.length; i++) x[i] = b[i]; return x; }
        if (v instanceof short[] s) { int[] x = new int[s.length]; for (int i = 0; i < s.length; i++) x[i] = s[i]; return x; }
        Object[] a = objects(key, v);
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] instanceof Number n)) throw wrong(key + "[" + i + "]", "an integer", a[i]);
            out[i] = Math.toIntExact(n.longValue());
        }
        return out;
    }

    private static Object[] objects(String key, Object v) {
        if (v instanceof List<?> l) return l.toArray();
        if (v instanceof Object[] a) return a;
        throw wrong(key, "an array", v);
    }

    private static Object require(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("metadata key '" + key + "' is missing");
        return v;
    }

    private static IllegalArgumentException wrong(String key, String what, Object v) {
        return new IllegalArgumentException("metadata key '" + key + "' must be " + what + ", got " + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }
}
