package org.ncsparse.lab.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.lab.Charts;
import org.ncsparse.lab.Html;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.Table;

/**
 * The perplexity report: index.html, perplexity.csv (one row per policy), windows.csv (perplexity
 * per window and policy), kl_by_position.csv and .png (mean KL by position in the window),
 * report.json.
 */
public final class PerplexityReport {
    private PerplexityReport() {}

    public static OutputFolder build(PerplexityResult r, String command) {
        OutputFolder out = new OutputFolder();
        List<PerplexityResult.Score> all = new ArrayList<>();
        all.add(r.exact());
        all.addAll(r.policies());

        Table summary = new Table("policy", "windows", "tokens", "perplexity", "mean_nll", "ppl_ratio_to_exact", "kl_mean", "kl_p95", "kl_max",
                "top1_agreement", "prefill_tokens_per_s", "certified_fraction");
        for (PerplexityResult.Score s : all)
            summary.add(s.policy(), r.windows(), s.tokens(), s.perplexity(), s.meanNll(), s.perplexity() / r.exact().perplexity(), s.klMean(), s.klP95(),
                    s.klMax(), s.top1(), s.prefillTokensPerSecond(), s.certifiedFraction());
        out.put("perplexity.csv", summary.toCsv());

        Table windows = new Table("window", "policy", "perplexity");
        for (int w = 0; w < r.windows(); w++) for (PerplexityResult.Score s : all) windows.add(w, s.policy(), s.windowPerplexity()[w]);
        out.put("windows.csv", windows.toCsv());

        Table byPos = new Table("position_from", "position_to", "policy", "kl_mean");
        List<Charts.Series> lines = new ArrayList<>();
        int[] b = r.positionBuckets();
        for (int p = 0; p < r.policies().size(); p++) {
            PerplexityResult.Score s = r.policies().get(p);
            double[] x = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                x[i] = b[i];
                byPos.add(i == 0 ? 0 : b[i - 1], b[i], s.policy(), s.klByPosition()[i]);
            }
            lines.add(Charts.Series.of(s.policy(), x, s.klByPosition(), Charts.color(p + 1), Charts.Dash.SOLID));
        }
        out.put("kl_by_position.csv", byPos.toCsv());
        boolean plotted = !lines.isEmpty() && lines.stream().anyMatch(l -> java.util.Arrays.stream(l.y()).anyMatch(v -> v > 0));
        if (plotted)
            out.put("kl_by_position.png", Charts.png("Mean KL(exact || policy) by position in the window", "position in the window (bucket end)",
                    Charts.Scale.LOG2, "mean KL (nats)", Charts.Scale.LOG10, lines, 900, 500));

        ObjectNode root = LlmPage.root(r.info(), r.notice(), r.cache(), command, r.seconds());
        root.put("context", r.context()).put("windows", r.windows()).put("decodeFrom", r.decodeFrom());
        ArrayNode arr = root.putArray("policies");
        for (PerplexityResult.Score s : all) {
            ObjectNode o = arr.addObject();
            o.put("policy", s.policy()).put("tokens", s.tokens()).put("perplexity", s.perplexity()).put("meanNll", s.meanNll())
             .put("klMean", s.klMean()).put("klP95", s.klP95()).put("klMax", s.klMax()).put("top1Agreement", s.top1())
             .put("prefillTokensPerSecond", s.prefillTokensPerSecond());
            if (!Double.isNaN(s.certifiedFraction())) o.put("certifiedFraction", s.certifiedFraction());
            ArrayNode wp = o.putArray("windowPerplexity");
            for (double v : s.windowPerplexity()) wp.add(v);
        }
        out.put("report.json", LlmPage.json(root));

        StringBuilder sb = LlmPage.start("Perplexity with sparse attention: " + LlmPage.name(r.info()));
        LlmPage.header(sb, r.info(), r.notice(), r.cache(), command, r.seconds());
        sb.append("<p>The text's tokens were cut into ").append(r.windows()).append(" windows of ").append(r.context())
          .append(" tokens; every policy saw the same windows. Position t of a window predicts token t + 1, so each window scores ")
          .append(r.context() - 1).append(" tokens. Perplexity = exp(mean negative log-likelihood). KL(exact&#8214;policy) compares, token by token, "
                  + "the next-token distribution under the policy with exact attention's on the same prefix (0 = identical); top-1 agreement is the fraction "
                  + "of tokens whose most likely next token is the same. A sparse policy applies its budget per layer and head, with n = the number of "
                  + "keys the row sees, in prefill as in decoding.</p>\n");
        if (r.decodeFrom() < r.context())
            sb.append("<p>Window positions 0..").append(r.decodeFrom() - 1).append(" were prefilled; positions from ").append(r.decodeFrom())
              .append(" on were fed one decode step at a time, where the page selector (@pages) runs.</p>\n");
        else if (r.policies().stream().anyMatch(s -> s.policy().endsWith("(pages)")))
            sb.append("<p class=\"box\">Every position was prefilled, and prefill keeps the exact top-k of each row: policies marked (pages) "
                    + "behave as the exact selector here. Run with --decode-from to score positions through decode steps, where the page selector runs.</p>\n");
        List<String[]> rows = new ArrayList<>();
        for (PerplexityResult.Score s : all)
            rows.add(new String[] {Html.esc(s.policy()), Html.num(s.perplexity()), Html.fixed(s.perplexity() / r.exact().perplexity(), 4),
                    Html.num(s.klMean()), Html.num(s.klP95()), Html.num(s.klMax()), Html.fixed(s.top1(), 4), Html.num(s.prefillTokensPerSecond()),
                    Double.isNaN(s.certifiedFraction()) ? "" : Html.fixed(s.certifiedFraction(), 3)});
        sb.append(Html.table(new String[] {"policy", "perplexity", "ratio to exact", "KL mean", "KL p95", "KL max", "top-1 agreement",
                "prefill tokens/s", "certified rows"}, rows));
        sb.append("<p>Certified rows: with the page selector, the share of (layer, head, position) rows whose kept set is proven to be the exact top-k.</p>\n");
        if (plotted) sb.append(Html.figure("kl_by_position.png", "Mean per-token KL by position: later positions see more keys, so a budget "
                + "k(n) &lt; n drops more of them; a budget that keeps up with the mass keeps this flat."));
        sb.append("<h2>Files</h2><p>perplexity.csv, windows.csv (perplexity per window), kl_by_position.csv, report.json.</p>\n");
        out.put("index.html", LlmPage.finish(sb));
        return out;
    }
}
