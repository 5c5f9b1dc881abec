package org.ncsparse.lab.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.model.llm.AttentionMode;

/**
 * Parses the attention policies an evaluation compares: {@code exact}, any budget spec
 * ({@code power:1,0.5}, {@code sinkwindow:4,256+power:1,0.5}), optionally suffixed {@code @pages}
 * (page-bound selector) or {@code @exact} (exact top-k selector) to override the default selector.
 */
public final class Policies {
    private Policies() {}

    public static AttentionMode parse(String text, AttentionMode.Selector defaultSelector) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("--attention is empty; expected exact or a budget such as power:1,0.5");
        String s = text.trim();
        AttentionMode.Selector selector = defaultSelector;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            String sel = s.substring(at + 1).trim().toLowerCase(Locale.ROOT);
            selector = switch (sel) {
                case "pages" -> AttentionMode.Selector.PAGES;
                case "exact" -> AttentionMode.Selector.EXACT;
                default -> throw new IllegalArgumentException("--attention '" + text + "': selector after '@' must be pages or exact, got '" + sel + "'");
            };
            s = s.substring(0, at).trim();
        }
        if (s.equalsIgnoreCase("exact")) {
            if (at >= 0 && selector == AttentionMode.Selector.PAGES)
                throw new IllegalArgumentException("--attention '" + text + "': the pages selector needs a budget (e.g. power:1,0.5@pages), not exact");
            return AttentionMode.EXACT;
        }
        BudgetPolicy budget;
        try { budget = BudgetPolicy.parse(s); }
        catch (IllegalArgumentException e) { throw new IllegalArgumentException("--attention '" + text + "': " + e.getMessage(), e); }
        return new AttentionMode(budget, selector);
    }

    /** The given specs in order (duplicates kept: a second "exact" is a determinism check). */
    public static List<AttentionMode> parseAll(List<String> texts, AttentionMode.Selector defaultSelector) {
        List<AttentionMode> out = new ArrayList<>();
        if (texts != null) for (String t : texts) out.add(parse(t, defaultSelector));
        return out;
    }

    /** A file-name-friendly tag of a policy label: "power:1,0.5 (pages)" becomes "power_1_0.5_pages". */
    public static String tag(String label) {
        return label.replace(" (pages)", "@pages").replaceAll("[^A-Za-z0-9.@+-]", "_").replace('@', '_').replace('+', '_');
    }
}
