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

    // Inherited by every command (picocli ScopeType.INHERIT): new commands get them without edits.
    @CommandLine.Option(names = Flags.DEBUG, scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line message.")
    boolean debug;

    @CommandLine.Option(names = Flags.QUIET, scope = CommandLine.ScopeType.INHERIT,
            description = "No progress on stderr (errors are still printed).")
    boolean quiet;

    /** True when the command line writes to the process's own stdout/stderr (not a test's writers). */
    static volatile boolean systemStreams;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    public static void main(String[] args) {
        systemStreams = true;
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line; tests call this to run commands in-process. Exit codes and
     * messages follow {@link Failures}: 2 for bad arguments, 1 for failures while running.
     */
    /** Columns of --help output. */
    static final int HELP_WIDTH = 120;

    public static CommandLine commandLine() {
        // help written in lines of up to ~120 characters: at picocli's default 80 they wrapped raggedly
        return new CommandLine(new Main()).setUsageHelpWidth(HELP_WIDTH).setParameterExceptionHandler(Failures::usage)
                .setExecutionExceptionHandler(Failures::execution)
                .setExecutionStrategy(Main::executeCatchingErrors);
    }

    /** Runs the command; an Error such as OutOfMemoryError becomes an ordinary failure (exit 1, one line). */
    private static int executeCatchingErrors(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError | StackOverflowError | LinkageError e) {
            java.util.List<CommandLine> chain = parsed.asCommandLineList();
            throw new CommandLine.ExecutionException(chain.get(chain.size() - 1), String.valueOf(e), e);
        }
    }
}
