package org.ncsparse.lab.model;

import org.ncsparse.model.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ncsparse.lab.profile.ProfileCharts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes evaluate.csv, evaluate.json, quality-vs-budget plots and index.html. */
public final class EvaluationWriter {
    private EvaluationWriter() {}

    public static String table(List<EvalRow> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-18s %-34s %8s %8s %9s %9s %8s %8s %8s%n",
                "family", "policy", "avg k", "kept%", "cos mean", "cos min", "R@1", "R@10", "self@1"));
        for (EvalRow r : rows)
            b.append(String.format(Locale.ROOT, "%-18s %-34s %8.1f %8.1f %9.5f %9.5f %8.3f %8.3f %8.3f%n", r.family(), r.policy(),
                    r.avgBudget(), 100 * r.keptFraction(), r.cosMean(), r.cosMin(), r.recallAt1(), r.recallAt10(), r.selfAt1()));
        return b.toString();
    }

    public static void write(String model, int chunks, List<EvalRow> rows, Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("family,policy,target_budget,avg_budget,kept_fraction,cos_mean,cos_min,recall_at_1,recall_at_10,self_at_1,seconds\n");
        for (EvalRow r : rows)
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.3f,%.5f,%.7f,%.7f,%.4f,%.4f,%.4f,%.2f%n", r.family(), r.policy().replace(',', ';'),
                    Double.isNaN(r.target()) ? "" : Double.toString(r.target()), r.avgBudget(), r.keptFraction(), r.cosMean(), r.cosMin(),
                    r.recallAt1(), r.recallAt10(), r.selfAt1(), r.seconds()));
        AtomicFiles.writeText(dir.resolve("evaluate.csv"), w -> w.write(csv.toString()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("chunks", chunks);
        json.put("rows", rows);
        AtomicFiles.writeText(dir.resolve("evaluate.json"), w -> w.write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)));
        Map<String, double[][]> cos = new LinkedHashMap<>(), rec = new LinkedHashMap<>();
        for (String fam : rows.stream().map(EvalRow::family).filter(f -> !f.equals("exact")).distinct().toList()) {
            List<EvalRow> fr = rows.stream().filter(r -> r.family().equals(fam)).sorted((a, b) -> Double.compare(a.avgBudget(), b.avgBudget())).toList();
            cos.put(fam, fr.stream().map(r -> new double[] {r.avgBudget(), 1 - r.cosMean()}).toArray(double[][]::new));
            rec.put(fam, fr.stream().map(r -> new double[] {r.avgBudget(), r.recallAt10()}).toArray(double[][]::new));
        }
        ProfileCharts.lines(dir.resolve("cosine-vs-budget.png"), model + ": 1 - mean cosine(sparse, exact) vs average budget", "average kept keys per row", "1 - mean cosine", cos, true);
        ProfileCharts.lines(dir.resolve("recall10-vs-budget.png"), model + ": recall@10 vs exact neighbours", "average kept keys per row", "recall@10", rec, false);
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sparse-attention quality: ").append(model)
                .append("</title></head><body style=\"font-family:sans-serif;max-width:1100px;margin:auto\"><h1>Sparse-attention quality: ").append(model)
                .append("</h1><p>").append(chunks).append(" chunks of real text. Each policy is calibrated to the same average number of kept keys per attention row.</p><pre>")
                .append(table(rows).replace("&", "&amp;").replace("<", "&lt;")).append("</pre><img src=\"cosine-vs-budget.png\"><img src=\"recall10-vs-budget.png\">")
                .append("<p>Data: <a href=\"evaluate.csv\">evaluate.csv</a>, <a href=\"evaluate.json\">evaluate.json</a></p></body></html>\n");
        AtomicFiles.writeText(dir.resolve("index.html"), w -> w.write(h.toString()));
    }


}
