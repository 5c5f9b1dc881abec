package org.ncsparse.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/** Runs the JMH suite in this class path with JMH's own command-line options (e.g. -p n=4096 -f 1). */
public final class JmhLauncher {
    private JmhLauncher() {}

    /** The smoke options CI uses: one 64-key vector run, no fork, no warm-up, one short iteration. */
    public static final String[] SMOKE = {"AttentionBench", "-f", "0", "-wi", "0", "-i", "1", "-r", "200ms",
            "-p", "n=64", "-p", "d=64", "-p", "causal=true", "-p", "threads=1", "-p", "kernel=vector", "-p", "budget=exact,power:1;0.5"};

    public static java.util.Collection<RunResult> run(String... args) throws RunnerException {
        try {
            return new Runner(new CommandLineOptions(args)).run();
        } catch (org.openjdk.jmh.runner.options.CommandLineOptionException e) {
            throw new IllegalArgumentException("bad JMH options: " + e.getMessage(), e);
        }
    }
}
