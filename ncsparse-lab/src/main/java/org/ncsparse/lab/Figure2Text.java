package org.ncsparse.lab;

import java.util.LinkedHashMap;
import java.util.Map;

/** The plain-words reading of Figure 2, built from the verdicts of this run (never pasted). */
final class Figure2Text {
    private Figure2Text() {}

    static String reading(Table verdicts, double paperScale, double modelScale) {
        StringBuilder sb = new StringBuilder("<h3>Reading Figure 2</h3>\n<ul>\n");
        for (double scale : new double[] {paperScale, modelScale}) {
            Map<String, String> byKind = new LinkedHashMap<>();
            for (Object[] r : verdicts.rows()) {
                if ((double) r[0] != scale || !"dropped_mass".equals(r[3])) continue;
                String policy = (String) r[2];
                String kind = policy.startsWith("fixed") ? "fixed k" : policy.startsWith("power") ? "&alpha;&middot;n<sup>0.5</sup>" : "&lceil;ln n&rceil;";
                byKind.merge(kind, r[7] + " (" + Html.fixed((double) r[4], 2) + ")", (x, y) -> x + ", " + y);
            }
            sb.append("<li>sigma = ").append(Html.num((double) verdicts.rows().stream().filter(r -> (double) r[0] == scale).findFirst().map(r -> r[1]).orElse(Double.NaN)))
              .append(": dropped-mass verdicts (slope) &mdash; ");
            byKind.forEach((k, v) -> sb.append("<b>").append(k).append("</b>: ").append(v).append("; "));
            sb.append("</li>\n");
        }
        sb.append("</ul>\n<p>Why: a row's logits are iid N(0, &sigma;&sup2;) given its query, with &sigma; = s&middot;&radic;d. "
                + "The phase parameter m = &radic;(2 ln n)/&sigma; decides who carries the softmax mass. At s = 1 (&sigma; = 8) m stays below 1 "
                + "over this whole grid (m = 1 only at n = e<sup>32</sup>): the few largest logits carry the mass, a fixed k loses a little more "
                + "as n grows (m creeps up), and a budget growing like n<sup>0.5</sup> outruns that drift, so its error falls. "
                + "At s = 1/&radic;d (&sigma; = 1) m &gt; 1 everywhere: the mass sits in the bulk of ~n keys of similar weight, so keeping "
                + "any o(n) keys drops almost all of it and the error of every budget here, n<sup>0.5</sup> included, tends to 1. "
                + "The paper's (1/n)||P&prime;&minus;P|| falls in both regimes because of its 1/n (each row contributes at most &radic;2 in &#8467;<sub>2</sub>): "
                + "read it beside the dropped mass and the output error, which do not have that factor.</p>\n");
        return sb.toString();
    }
}
