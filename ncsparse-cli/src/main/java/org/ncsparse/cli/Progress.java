package org.ncsparse.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one progress facility of the long commands, always on stderr so stdout stays clean: a
 * progress bar when stderr is a terminal, plain step lines ({@code ncsparse profile: [3/12] ...})
 * otherwise, nothing with {@code --quiet}. A job of unknown length passes total 0.
 *
 * <p>Usage: {@code try (Progress p = Progress.start(spec, "profile", steps)) { ... p.step("layer 3"); }}.
 * Library code that reports lines ({@code Consumer<String>}) gets {@link #lines()}: an indented line
 * counts as one finished unit of work, any other line names the phase now running.
 */
final class Progress implements AutoCloseable {
    /** Set by bin/ncsparse when stderr is a terminal ({@code [ -t 2 ]}); the JVM cannot tell by itself. */
    static final String TTY_ENV = "NCSPARSE_STDERR_TTY";

    private final String name;
    private final PrintWriter err;     // plain mode
    private final ProgressBar bar;     // terminal mode
    private final boolean quiet;
    private long total, done;
    private final long t0 = System.nanoTime();

    private Progress(String name, PrintWriter err, ProgressBar bar, boolean quiet, long total) {
        this.name = name;
        this.err = err;
        this.bar = bar;
        this.quiet = quiet;
        this.total = total;
    }

    /** Starts reporting the command's work of {@code total} steps (0 = unknown). */
    static Progress start(CommandSpec spec, long total) {
        String name = Failures.qualifiedName(spec.commandLine());
        PrintWriter err = spec.commandLine().getErr();
        if (Flags.given(spec, Flags.QUIET)) return new Progress(name, err, null, true, total);
        if (!onTerminal(spec)) return new Progress(name, err, null, false, total);
        ProgressBar bar = new ProgressBarBuilder().setTaskName(spec.name()).setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setMaxRenderedLength(100).build();
        return new Progress(name, err, bar, false, total);
    }

    /** Whether the bar may draw: stderr is the process's own terminal (not a test's captured writer). */
    static boolean onTerminal(CommandSpec spec) {
        return Main.systemStreams && "1".equals(System.getenv(TTY_ENV)) && !"dumb".equals(System.getenv("TERM"));
    }

    /** Changes the expected number of steps (when it is known only after a first phase). */
    synchronized void total(long steps) {
        total = steps;
        if (bar != null) bar.maxHint(steps > 0 ? steps : -1);
    }

    /** One unit of work finished; {@code message} says which. */
    synchronized void step(String message) {
        done++;
        if (quiet) return;
        if (bar != null) { bar.step(); bar.setExtraMessage(shorten(message)); return; }
        err.println(name + ": " + (total > 0 ? "[" + done + "/" + total + "] " : "[" + done + "] ") + message);
        err.flush();
    }

    /** The phase now running (no step counted). */
    synchronized void note(String message) {
        if (quiet) return;
        if (bar != null) { bar.setExtraMessage(shorten(message)); return; }
        err.println(message.startsWith("ncsparse") || message.startsWith(name.substring("ncsparse ".length())) ? message : name + ": " + message);
        err.flush();
    }

    /** A sink for library progress lines: indented lines are steps, others name a phase. */
    Consumer<String> lines() {
        return line -> {
            if (line.startsWith(" ")) step(line.strip());
            else note(line.strip());
        };
    }

    /** The same sink as a PrintStream, for library code that logs to a stream (each line as in {@link #lines()}). */
    java.io.PrintStream printStream() {
        Consumer<String> sink = lines();
        java.io.OutputStream lineSplitter = new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            @Override public synchronized void write(int b) {
                if (b == '\n') { sink.accept(line.toString(java.nio.charset.StandardCharsets.UTF_8)); line.reset(); }
                else line.write(b);
            }
            @Override public synchronized void flush() {}
        };
        return new java.io.PrintStream(lineSplitter, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Ends the bar (or prints the elapsed time in plain mode). */
    @Override public synchronized void close() {
        if (bar != null) { bar.close(); return; }
        if (!quiet && done > 0) {
            err.println(name + ": " + done + " step" + (done == 1 ? "" : "s") + " in " + seconds());
            err.flush();
        }
    }

    private String seconds() {
        Duration d = Duration.ofNanos(System.nanoTime() - t0);
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String shorten(String s) { return s.length() > 48 ? s.substring(0, 47) + "…" : s; }
}
