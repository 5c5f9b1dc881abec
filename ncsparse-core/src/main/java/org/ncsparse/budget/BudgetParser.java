package org.ncsparse.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses budget specs: {@code fixed:K}, {@code power:ALPHA,C}, {@code log:ALPHA},
 * {@code logpow:ALPHA,P} (alpha (ln n)^P), {@code loglog:ALPHA}, {@code schedule:N1@K1,N2@K2,...},
 * {@code threshold:EPS}, {@code mass:TAU}, {@code sinkwindow:S,W}, and unions joined by {@code +}
 * (e.g. {@code sinkwindow:4,64+power:1,0.5}). Errors name the offending parameter.
 */
public final class BudgetParser {
    private BudgetParser() {}

    public static final String FORMS =
            "fixed:K | power:ALPHA,C | log:ALPHA | logpow:ALPHA,P | loglog:ALPHA | schedule:N1@K1,N2@K2,... | threshold:EPS | mass:TAU | sinkwindow:S,W, joined by '+' for a union";

    public static BudgetPolicy parse(String text) {
        if (text == null || text.isBlank())
            throw new IllegalArgumentException("budget policy is empty; expected " + FORMS);
        String[] parts = text.trim().split("\\+");
        if (parts.length == 1) return parseOne(parts[0].trim());
        List<BudgetPolicy> members = new ArrayList<>();
        for (String p : parts) members.add(parseOne(p.trim()));
        return new UnionBudget(members);
    }

    private static BudgetPolicy parseOne(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("budget policy '" + s + "' has no ':'; expected " + FORMS);
        String kind = s.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String[] args = s.substring(colon + 1).split(",");
        return switch (kind) {
            case "fixed" -> { expect(kind, args, 1); yield new FixedBudget(integer(kind, "K", args[0])); }
            case "power" -> { expect(kind, args, 2); yield new PowerBudget(real(kind, "alpha", args[0]), real(kind, "C", args[1])); }
            case "log" -> { expect(kind, args, 1); yield new LogBudget(real(kind, "alpha", args[0])); }
            case "logpow" -> { expect(kind, args, 2); yield new LogPowerBudget(real(kind, "alpha", args[0]), real(kind, "P", args[1])); }
            case "loglog" -> { expect(kind, args, 1); yield new LogLogBudget(real(kind, "alpha", args[0])); }
            case "schedule" -> schedule(args);
            case "threshold" -> { expect(kind, args, 1); yield new ThresholdBudget(real(kind, "eps", args[0])); }
            case "mass" -> { expect(kind, args, 1); yield new MassBudget(real(kind, "tau", args[0])); }
            case "sinkwindow" -> { expect(kind, args, 2); yield new SinkWindowBudget(integer(kind, "sinks", args[0]), integer(kind, "window", args[1])); }
            default -> throw new IllegalArgumentException("unknown budget policy '" + kind + "'; expected " + FORMS);
        };
    }

    private static ScheduleBudget schedule(String[] args) {
        int[] ns = new int[args.length], ks = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            String[] nk = args[i].split("@");
            if (nk.length != 2) throw new IllegalArgumentException("schedule: entry '" + args[i].trim() + "' must be N@K; expected " + FORMS);
            ns[i] = integer("schedule", "N", nk[0]);
            ks[i] = integer("schedule", "K", nk[1]);
        }
        return new ScheduleBudget(ns, ks);
    }

    private static void expect(String kind, String[] args, int count) {
        if (args.length != count)
            throw new IllegalArgumentException(kind + " takes " + count + " parameter(s), got " + args.length + "; expected " + FORMS);
    }

    private static int integer(String kind, String name, String v) {
        try { return Integer.parseInt(v.trim()); }
        catch (NumberFormatException e) { throw new IllegalArgumentException(kind + ": " + name + " must be an integer, got '" + v.trim() + "'"); }
    }

    private static double real(String kind, String name, String v) {
        try { return Double.parseDouble(v.trim()); }
        catch (NumberFormatException e) { throw new IllegalArgumentException(kind + ": " + name + " must be a number, got '" + v.trim() + "'"); }
    }
}
