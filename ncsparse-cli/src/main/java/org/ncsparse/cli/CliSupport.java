package org.ncsparse.cli;

import java.util.List;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.budget.CountBudget;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Option parsing and output shared by the measuring commands; errors become one-line usage errors. */
final class CliSupport {
    private CliSupport() {}

    /** Parses {@code text} as a count budget (fixed, power, log) for option {@code option}. */
    static CountBudget countBudget(CommandSpec spec, String option, String text) {
        BudgetPolicy policy;
        try { policy = BudgetPolicy.parse(text); }
        catch (IllegalArgumentException e) { throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage()); }
        if (policy instanceof CountBudget c) return c;
        throw new ParameterException(spec.commandLine(), option + " must be a count budget (fixed:K, power:A,C or log:A), got '" + text + "'");
    }

    /** Most worker threads a command accepts: more than any machine this runs on, few enough to start. */
    static final int MAX_THREADS = 1024;

    /** --threads: the given count checked against [1, {@link #MAX_THREADS}], or the available processors. */
    static int threads(CommandSpec spec, Integer given) {
        int t = given == null ? Runtime.getRuntime().availableProcessors() : given;
        if (t < 1 || t > MAX_THREADS) throw new ParameterException(spec.commandLine(), "--threads must be in [1, " + MAX_THREADS + "], got " + t);
        return t;
    }

    /** The workloads {@code choice} names: one of {@code names}, or all of them for "all". */
    static String[] workloads(CommandSpec spec, String choice, String[] names) {
        if ("all".equalsIgnoreCase(choice)) return names;
        if (!List.of(names).contains(choice))
            throw new ParameterException(spec.commandLine(), "--workload must be one of " + String.join(", ", names) + " or all, got '" + choice + "'");
        return new String[] {choice};
    }


    /** Pretty-printed JSON of {@code value} on one output (new commands: prefer {@link JsonOption}, which also writes --json FILE.json). */
    static void printJson(java.io.PrintWriter out, Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        out.println(JsonOption.JSON.writeValueAsString(value));
    }
}
