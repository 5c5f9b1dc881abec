package org.ncsparse.lab.profile;

import java.util.Locale;

/** A small self-contained HTML page for a profile folder. */
final class ProfileHtml {
    private ProfileHtml() {}

    static String render(ProfileResult r) {
        ProfileSettings s = r.settings();
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Attention profile: ").append(esc(r.source()))
                .append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style></head><body>");
        h.append("<h1>Attention profile: ").append(esc(r.source())).append("</h1>");
        h.append("<p>").append(esc(ProfileWriter.summaryText(r))).append("</p>");
        h.append("<h2>Mean dropped mass of each budget</h2><table><tr><th>n</th>");
        for (var b : s.budgets()) h.append("<th>").append(esc(b.spec())).append("</th>");
        h.append("<th>mean k_mass(0.9)</th><th>mean k_mass(0.99)</th></tr>");
        for (int n : s.lengths()) {
            if (r.at(n).isEmpty()) continue;
            h.append("<tr><td>").append(n).append("</td>");
            for (int b = 0; b < s.budgets().size(); b++)
                h.append(String.format(Locale.ROOT, "<td>%.4f (max %.3f)</td>", r.meanDropped(n, b), r.maxDropped(n, b)));
            for (int t = 0; t < Math.min(2, s.taus().length); t++) {
                int tt = t;
                h.append(String.format(Locale.ROOT, "<td>%.1f</td>", r.at(n).stream().mapToDouble(p -> p.kMass()[tt]).average().orElse(Double.NaN)));
            }
            h.append("</tr>");
        }
        h.append("</table>");
        for (double t : s.taus()) {
            String f = ProfileWriter.fmt(t);
            h.append("<h2>Fitted C per head (tau = ").append(f).append(")</h2>");
            if (ProfileWriter.drawsHeatMap(r)) h.append("<img src=\"fitted-C-tau").append(f).append(".png\">");
            else h.append("<p>Too many layer indices or heads for a heat map (more than ").append(ProfileWriter.MAX_HEATMAP_SIDE)
                    .append("); see fits.csv.</p>");
        }
        for (double t : s.taus()) {
            String f = ProfileWriter.fmt(1 - t);
            h.append("<h2>k_mass(").append(f).append(") vs n</h2><img src=\"kmass-").append(f).append("-vs-n.png\">");
        }
        h.append("<h2>Dropped mass vs n</h2><img src=\"dropped-vs-n.png\">");
        for (double t : s.taus()) {
            String f = ProfileWriter.fmt(t);
            h.append("<h2>Heads on the phase diagram (tau = ").append(f).append(", n = ").append(r.maxN())
                    .append(", sigma = mean logit spread of the head)</h2><img src=\"phase-diagram-tau").append(f).append(".png\">");
        }
        h.append("<p>Data: <a href=\"points.csv\">points.csv</a>, <a href=\"fits.csv\">fits.csv</a>, <a href=\"profile.json\">profile.json</a>.</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }
}
