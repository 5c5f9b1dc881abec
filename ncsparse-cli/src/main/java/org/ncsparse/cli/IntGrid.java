package org.ncsparse.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A list of positive integers: {@code 1024,4096,16384}, a geometric range {@code 1024..65536x2}
 * (start, end inclusive, factor), an arithmetic range {@code 32..512+32}, or a mix joined by commas.
 * Values are at most {@link Integer#MAX_VALUE}; a grid holds at most {@link #MAX_VALUES} values
 * (counted in long before any list is built).
 */
public record IntGrid(int[] values) {
    /** More values than any command can use in one run. */
    public static final int MAX_VALUES = 10_000;

    /** picocli converter: declare options as {@code IntGrid} with {@code converter = IntGrid.Converter.class}. */
    public static final class Converter implements ITypeConverter<IntGrid> {
        @Override public IntGrid convert(String value) { return new IntGrid(parse(value)); }
    }

    /** The largest value. */
    public int max() {
        int m = 0;
        for (int v : values) m = Math.max(m, v);
        return m;
    }

    /** The number of distinct values. */
    public int distinct() { return (int) java.util.Arrays.stream(values).distinct().count(); }

    public static int[] parse(String value) {
        if (value == null || value.isBlank()) throw new TypeConversionException("empty grid; expected e.g. 1024,4096 or 1024..65536x2");
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) throw new TypeConversionException("empty value in grid '" + value + "'; expected e.g. 1024,4096 or 1024..65536x2");
            if (p.contains("..")) range(p, out);
            else add(out, positive(p, value), value);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void range(String p, List<Integer> out) {
        String[] ends = p.split("\\.\\.", 2);
        long start = positive(ends[0], p);
        String rest = ends[1];
        int x = rest.indexOf('x'), plus = rest.indexOf('+');
        if (x > 0) {
            long end = positive(rest.substring(0, x), p), factor = positive(rest.substring(x + 1), p);
            if (factor < 2) throw new TypeConversionException("range factor must be >= 2 in '" + p + "'");
            if (start > end) throw new TypeConversionException("range '" + p + "' has start > end");
            for (long n = start; n <= end; n *= factor) add(out, n, p);
        } else if (plus > 0) {
            long end = positive(rest.substring(0, plus), p), step = positive(rest.substring(plus + 1), p);
            if (start > end) throw new TypeConversionException("range '" + p + "' has start > end");
            long count = (end - start) / step + 1;
            if (out.size() + count > MAX_VALUES)
                throw new TypeConversionException("range '" + p + "' has " + count + " values; a grid holds at most " + MAX_VALUES + " (use a larger step or a factor)");
            for (long n = start; n <= end; n += step) add(out, n, p);
        } else {
            throw new TypeConversionException("range '" + p + "' needs a factor (START..ENDxF) or a step (START..END+S)");
        }
    }

    private static void add(List<Integer> out, long v, String context) {
        if (out.size() >= MAX_VALUES) throw new TypeConversionException("grid '" + context + "' has more than " + MAX_VALUES + " values");
        out.add((int) v);
    }

    private static long positive(String s, String context) {
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s.trim() + "' is not a whole number in grid '" + context + "'");
        }
        if (v < 1) throw new TypeConversionException("grid values must be >= 1, got " + v + " in '" + context + "'");
        if (v > Integer.MAX_VALUE) throw new TypeConversionException("grid values must be <= " + Integer.MAX_VALUE + ", got " + v + " in '" + context + "'");
        return v;
    }
}
