package org.ncsparse.lab.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.lab.Html;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.Table;

/** The needle report: one heat map per policy, needle.csv (one row per cell), answers.csv (every trial), report.json, index.html. */
public final class NeedleReport {
    private NeedleReport() {}

    public static OutputFolder build(NeedleResult r, String command) {
        OutputFolder out = new OutputFolder();
        Table cells = new Table("policy", "context", "depth", "trials", "correct", "accuracy");
        Table answers = new Table("policy", "context", "depth", "trial", "passkey", "answer", "correct");
        ObjectNode root = LlmPage.root(r.info(), r.notice(), r.cache(), command, r.seconds());
        root.put("trials", r.trials());
        ArrayNode ctx = root.putArray("contexts");
        for (int c : r.contexts()) ctx.add(c);
        ArrayNode dep = root.putArray("depths");
        for (double d : r.depths()) dep.add(d);
        ArrayNode pol = root.putArray("policies");
        StringBuilder sb = LlmPage.start("Passkey retrieval with sparse attention: " + LlmPage.name(r.info()));
        LlmPage.header(sb, r.info(), r.notice(), r.cache(), command, r.seconds());
        sb.append("<p>Each prompt is an instruction, filler text with one sentence stating a random ").append("number (the pass key) at the given depth "
                + "(0% = right after the instruction, 100% = just before the question), and the question &ldquo;What is the pass key? The pass key is&rdquo;. "
                + "The model answers greedily; the answer is correct when its first number is the key. Each cell shows correct/trials; every policy answers "
                + "the same prompts. A sparse policy applies its budget per layer and head, in prefill and while answering.</p>\n");
        boolean beyond = false;
        for (int c : r.contexts()) beyond |= r.info().maxContext() > 0 && c > r.info().maxContext();
        if (beyond) sb.append("<p class=\"box\">Some context lengths exceed the model's trained context (").append(r.info().maxContext())
                .append(" tokens): failures there may be the model's, whatever the attention.</p>\n");
        List<String[]> rows = new ArrayList<>();
        for (int p = 0; p < r.policies().size(); p++) {
            String label = r.policies().get(p);
            String file = "needle_" + Policies.tag(label) + ".png";
            int[][] grid = new int[r.contexts().length][];
            for (int ci = 0; ci < grid.length; ci++) {
                grid[ci] = r.correct()[p][ci];
                for (int di = 0; di < r.depths().length; di++)
                    cells.add(label, r.contexts()[ci], r.depths()[di], r.trials(), r.correct()[p][ci][di], r.accuracy(p, ci, di));
            }
            out.put(file, NeedleHeatMap.png("Passkey retrieval: " + label, r.contexts(), r.depths(), grid, r.trials()));
            double certified = r.certified()[p];
            rows.add(new String[] {Html.esc(label), Html.fixed(r.accuracy(p), 3), Double.isNaN(certified) ? "" : Html.fixed(certified, 3)});
            ObjectNode o = pol.addObject();
            o.put("policy", label).put("accuracy", r.accuracy(p)).put("heatMap", file);
            if (!Double.isNaN(certified)) o.put("certifiedFraction", certified);
            ArrayNode acc = o.putArray("correct");
            for (int[] row : r.correct()[p]) { ArrayNode a = acc.addArray(); for (int v : row) a.add(v); }
            sb.append(Html.figure(file, Html.esc(label) + ": retrieval accuracy by context length (rows) and needle depth (columns)."));
        }
        for (NeedleResult.Answer a : r.answers())
            answers.add(a.policy(), a.context(), a.depth(), a.trial(), a.passkey(), a.answer().replaceAll("\\p{Cntrl}", " "), a.correct());
        sb.append("<h2>Mean accuracy over all cells</h2>").append(Html.table(new String[] {"policy", "accuracy", "certified rows"}, rows))
                .append("<p>Certified rows: the share of page-selected decode rows (layer, head, step) whose kept keys the page bounds prove to be")
                .append(" the exact top-k; the other rows stopped at the scan cap and are an approximation.</p>\n");
        sb.append("<h2>Files</h2><p>needle.csv (one row per policy, context and depth), answers.csv (every greedy answer), report.json.</p>\n");
        out.put("needle.csv", cells.toCsv());
        out.put("answers.csv", answers.toCsv());
        out.put("report.json", LlmPage.json(root));
        out.put("index.html", LlmPage.finish(sb));
        return out;
    }
}
