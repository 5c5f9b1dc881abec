package org.ncsparse.lab.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.lab.Html;
import org.ncsparse.lab.OutputFolder;
import org.ncsparse.lab.profile.ProfileResult;
import org.ncsparse.lab.profile.ProfileSettings;
import org.ncsparse.lab.profile.ProfileWriter;

/**
 * The decode-profile report: the profile module's files (points.csv, fits.csv, profile.json, fitted-C
 * heat maps, k_mass and dropped-mass plots, phase diagrams, with its page as heads.html), plus an
 * index.html that states the model, the random-weights warning and the generation, and a
 * decode.json with the generation facts.
 */
public final class DecodeProfileReport {
    private DecodeProfileReport() {}

    public static OutputFolder build(DecodeProfile.Result r, String command) {
        ProfileResult p = r.profile();
        if (p.points().isEmpty()) throw new IllegalArgumentException("no length was profiled; the generation ended before the first --lengths window");
        OutputFolder out = new OutputFolder();
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("ncsparse-profile-decode-");
            ProfileWriter.write(p, tmp);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
                for (Path f : ds) {
                    String name = f.getFileName().toString();
                    out.put(name.equals("index.html") ? "heads.html" : name, Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the profile: " + e.getMessage(), e);
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
        ProfileSettings s = p.settings();
        StringBuilder sb = LlmPage.start("Attention while decoding: " + LlmPage.name(r.info()));
        LlmPage.header(sb, r.info(), r.notice(), r.cache(), command, r.seconds());
        sb.append("<p>The model read ").append(r.promptTokens()).append(" prompt tokens and then generated ").append(r.generated())
          .append(" tokens greedily with exact attention (").append(Html.num(r.decodeTokensPerSecond())).append(" tokens/s while profiling). At each profiled length n, ")
          .append("up to ").append(s.maxRows()).append(" decode steps whose query sees between n &minus; n/8 and n keys were read in every layer and head; ")
          .append("for each budget policy the dropped mass is the softmax mass outside the keys it would keep. (&alpha;, C) is the least-squares fit of ")
          .append("k_needed(n) = &alpha;&middot;n<sup>C</sup> over the lengths, where k_needed is the smallest top-k whose mean dropped mass is at most &tau;.</p>\n");
        if (!r.sample().isBlank())
            sb.append("<p>Start of the generation: <code>").append(Html.esc(r.sample().length() > 300 ? r.sample().substring(0, 300) + "..." : r.sample())).append("</code></p>\n");
        sb.append("<p>").append(Html.esc(ProfileWriter.summaryText(p))).append("</p>\n");
        sb.append("<h2>Dropped mass by policy as n grows (mean over heads, worst head in parentheses)</h2>\n");
        String[] header = new String[s.budgets().size() + 1];
        header[0] = "n";
        for (int b = 0; b < s.budgets().size(); b++) header[b + 1] = Html.esc(s.budgets().get(b).spec());
        List<String[]> rows = new ArrayList<>();
        for (int n : s.lengths()) {
            if (p.at(n).isEmpty()) continue;
            String[] row = new String[header.length];
            row[0] = Integer.toString(n);
            for (int b = 0; b < s.budgets().size(); b++) row[b + 1] = Html.num(p.meanDropped(n, b)) + " (" + Html.num(p.maxDropped(n, b)) + ")";
            rows.add(row);
        }
        sb.append(Html.table(header, rows));
        sb.append(Html.figure("dropped-vs-n.png", "Mean dropped mass of each policy against the context length n along the generation."));
        for (double t : s.taus()) {
            String f = ProfileWriter.fmt(t);
            sb.append(Html.figure("fitted-C-tau" + f + ".png", "Fitted exponent C per layer (rows) and head (columns) for mean dropped mass &le; " + f
                    + "; fits.csv has &alpha;, C and r&sup2; of every head."));
        }
        sb.append("<p>Per-head details, k_mass curves and the heads on the phase diagram: <a href=\"heads.html\">heads.html</a>. "
                + "Files: points.csv (one row per layer, head and n), fits.csv (layer, head, &tau;, &alpha;, C, r&sup2;), profile.json, decode.json.</p>\n");
        out.put("index.html", LlmPage.finish(sb));
        ObjectNode root = LlmPage.root(r.info(), r.notice(), r.cache(), command, r.seconds());
        root.put("promptTokens", r.promptTokens()).put("generatedTokens", r.generated()).put("decodeTokensPerSecond", r.decodeTokensPerSecond())
            .put("generationStart", r.sample());
        var budgets = root.putArray("budgets");
        for (BudgetPolicy b : s.budgets()) budgets.add(b.spec());
        out.put("decode.json", LlmPage.json(root));
        return out;
    }

    private static void deleteQuietly(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
