package org.ncsparse.lab;

import java.util.Locale;

/** Small HTML helpers for the report (escaping, number formatting, tables, figures). */
public final class Html {
    private Html() {}

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String num(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v == 0) return "0";
        double a = Math.abs(v);
        return a >= 1e-3 && a < 1e5 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.3e", v);
    }

    public static String fixed(double v, int digits) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v); }

    public static String figure(String file, String caption) {
        return "<figure><a href=\"" + file + "\"><img src=\"" + file + "\" alt=\"" + esc(caption.replaceAll("<[^>]+>", "")) + "\"></a><figcaption>"
                + caption + "</figcaption></figure>\n";
    }

    public static String table(String[] header, java.util.List<String[]> rows) {
        StringBuilder sb = new StringBuilder("<table><tr>");
        for (String h : header) sb.append("<th>").append(h).append("</th>");
        sb.append("</tr>\n");
        for (String[] r : rows) {
            sb.append("<tr>");
            for (String c : r) sb.append("<td>").append(c).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    static String sigmaLabel(double scale, int d) {
        return String.format(Locale.ROOT, "s = %s, sigma = s*sqrt(d) = %s", scaleName(scale, d), num(scale * Math.sqrt(d)));
    }

    static String scaleName(double scale, int d) {
        if (scale == 1) return "1";
        if (Math.abs(scale * Math.sqrt(d) - 1) < 1e-12) return "1/sqrt(d)";
        return num(scale);
    }

    /** File-name tag of a scale, by its sigma: "sigma8". */
    static String tag(double scale, int d) {
        double s = scale * Math.sqrt(d);
        return "sigma" + (s == Math.rint(s) ? String.valueOf((long) s) : String.format(Locale.ROOT, "%.3g", s).replace('.', 'p'));
    }
}
