package org.ncsparse.lab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A tidy CSV table: a header naming the columns, one row per observation; numbers in full precision. */
public final class Table {
    private final String[] header;
    private final List<Object[]> rows = new ArrayList<>();

    public Table(String... header) { this.header = header; }

    public Table add(Object... values) {
        if (values.length != header.length)
            throw new IllegalArgumentException("row has " + values.length + " values for " + header.length + " columns");
        rows.add(values);
        return this;
    }

    public int size() { return rows.size(); }

    public List<Object[]> rows() { return rows; }

    public byte[] toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", header)).append('\n');
        for (Object[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) sb.append(',');
                sb.append(cell(r[i]));
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Object o) {
        if (o == null) return "";
        if (o instanceof Double d) return d.isNaN() ? "NaN" : Double.toString(d);
        String s = o.toString();
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
