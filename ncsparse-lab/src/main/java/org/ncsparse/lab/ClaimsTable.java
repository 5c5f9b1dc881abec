package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's five claims, one row per (claim, regime) tested: the verdict, the statistic that
 * decides it with its 95% interval, and the figure that shows it. Sections add rows as they
 * compute; the report prints the table first and writes claims.csv.
 */
final class ClaimsTable {
    /** The five claims, in the paper's order. */
    enum Claim {
        SPARSE("1. attention is naturally sparse (the entries that matter grow sub-linearly in n)"),
        POWER_SUFFICES("2. top-n^C (any C in (0,1)) makes the error vanish"),
        LOG_INSUFFICIENT("3. o(log n) keys cannot work"),
        ADAPTIVE_BEATS_FIXED("4. k = alpha n^C beats a fixed k at equal compute"),
        COLLAPSE("5. attention collapse: the non-negligible entries shrink towards O(1) under bounded weights");
        final String text;
        Claim(String text) { this.text = text; }
    }

    /** One tested regime of a claim. verdict: "supported", "supported only when ...", "not supported". */
    record Row(Claim claim, String regime, String verdict, String statistic, double value, double low, double high, String figure) {}

    private final List<Row> rows = new ArrayList<>();

    void add(Claim claim, String regime, String verdict, String statistic, double value, double low, double high, String figure) {
        rows.add(new Row(claim, regime, verdict, statistic, value, low, high, figure));
    }

    List<Row> rows() { return rows; }

    byte[] csv() {
        Table t = new Table("claim", "regime", "verdict", "statistic", "ci_low", "ci_high", "figure");
        for (Claim c : Claim.values()) for (Row r : rows) if (r.claim() == c)
            t.add(c.name().toLowerCase(java.util.Locale.ROOT), r.regime(), r.verdict(), r.statistic() + " = " + r.value(), r.low(), r.high(), r.figure());
        return t.toCsv();
    }

    String html() {
        StringBuilder sb = new StringBuilder("<h2 id=\"claims\">The paper's claims, tested</h2>\n");
        sb.append("<p>Each row is one regime in which a claim was tested in this run: the verdict, the statistic that decides it "
                + "with its 95% bootstrap interval, and the figure that shows it (all computed now, nothing pasted). "
                + "The same table is in <a href=\"claims.csv\">claims.csv</a>.</p>\n");
        List<String[]> out = new ArrayList<>();
        for (Claim c : Claim.values()) {
            boolean first = true;
            for (Row r : rows) {
                if (r.claim() != c) continue;
                out.add(new String[] {first ? Html.esc(c.text) : "", Html.esc(r.regime()), "<b>" + Html.esc(r.verdict()) + "</b>",
                        Html.esc(r.statistic()) + " = " + Html.num(r.value()) + " [" + Html.num(r.low()) + ", " + Html.num(r.high()) + "]",
                        "<a href=\"" + Html.esc(r.figure()) + "\">" + Html.esc(r.figure()) + "</a>"});
                first = false;
            }
        }
        sb.append(Html.table(new String[] {"claim", "regime", "verdict", "statistic [95% interval]", "figure"}, out));
        return sb.toString();
    }
}
