package org.ncsparse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/ncsparse}: one picocli sub-command per job. */
@Command(name = "ncsparse", mixinStandardHelpOptions = true, version = "NcSparse 0.1.0",
        description = "Exact and top-k sparse attention with length-adaptive budgets k = alpha*n^C.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ReproduceCommand.class,
                SimulateCommand.class,
                BudgetCommand.class,
                DecodeCommand.class,
                BlockSparseCommand.class,
                BenchCommand.class,
                EmbedCommand.class,
                ProfileCommand.class,
                EvaluateCommand.class,
                GenerateCommand.class,
                PerplexityCommand.class,
                NeedleCommand.class,
                ProfileDecodeCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) { System.exit(commandLine().execute(args)); }

    /** The configured command line; tests call this to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler(Main::shortUsageError)
                .setExecutionExceptionHandler(Main::shortExecutionError);
    }

    /**
     * Failures while running: bad input found by the library (IllegalArgumentException, exit 2) or
     * an unreadable / unwritable file (I/O, exit 1) get one line naming the problem; anything else is
     * a bug and keeps its stack trace.
     */
    private static int shortExecutionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        Throwable cause = e;
        if (e instanceof java.io.UncheckedIOException u) cause = u.getCause() != null ? u : e;
        if (cause instanceof IllegalArgumentException) {
            cmd.getErr().println("ncsparse " + cmd.getCommandName() + ": " + cause.getMessage());
            return 2;
        }
        if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException) {
            cmd.getErr().println("ncsparse " + cmd.getCommandName() + ": " + cause.getMessage());
            return 1;
        }
        throw e;
    }

    /** Bad arguments: one line naming the problem, a pointer to --help, exit code 2. */
    private static int shortUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("ncsparse " + cmd.getCommandName() + ": " + e.getMessage());
        cmd.getErr().println("Try 'ncsparse " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help'.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
