package org.ncsparse.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A list of positive integers: {@code 1024,4096,16384}, a geometric range {@code 1024..65536x2}
 * (start, end inclusive, factor), an arithmetic range {@code 32..512+32}, or a mix joined by commas.
 */
public record IntGrid(int[] values) {

    /** picocli converter: declare options as {@code IntGrid} with {@code converter = IntGrid.Converter.class}. */
    public static final class Converter implements ITypeConverter<IntGrid> {
        @Override public IntGrid convert(String value) { return new IntGrid(parse(value)); }
    }

    public static int[] parse(String value) {
        if (value == null || value.isBlank()) throw new TypeConversionException("empty grid; expected e.g. 1024,4096 or 1024..65536x2");
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.trim();
            if (p.contains("..")) range(p, out);
            else out.add(positive(p, value));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void range(String p, List<Integer> out) {
        String[] ends = p.split("\\.\\.", 2);
        int start = positive(ends[0], p);
        String rest = ends[1];
        int x = rest.indexOf('x'), plus = rest.indexOf('+');
        if (x > 0) {
            int end = positive(rest.substring(0, x), p), factor = positive(rest.substring(x + 1), p);
            if (factor < 2) throw new TypeConversionException("range factor must be >= 2 in '" + p + "'");
            for (long n = start; n <= end; n *= factor) out.add((int) n);
        } else if (plus > 0) {
            int end = positive(rest.substring(0, plus), p), step = positive(rest.substring(plus + 1), p);
            for (long n = start; n <= end; n += step) out.add((int) n);
        } else {
            throw new TypeConversionException("range '" + p + "' needs a factor (START..ENDxF) or a step (START..END+S)");
        }
        if (start > positive(rest.split("[x+]")[0], p)) throw new TypeConversionException("range '" + p + "' has start > end");
    }

    private static int positive(String s, String context) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v < 1) throw new TypeConversionException("grid values must be >= 1, got " + v + " in '" + context + "'");
            return v;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s.trim() + "' is not an integer in grid '" + context + "'");
        }
    }
}
