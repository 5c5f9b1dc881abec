package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The exit-code rule on the inputs users and attackers typed: 2 for bad arguments, 1 for failures
 * while running (files, memory), one line naming the option and what is allowed, no stack trace
 * (unless --debug), and nothing written.
 */
class CliRefusalsTest {
    @TempDir Path tmp;

    record Case(int code, String contains, String... args) {}

    @Test void badInputGivesOneLineAndTheRightExitCode() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("a-folder"));
        Path latin1 = Files.write(tmp.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', 'x'});
        Path out = tmp.resolve("never");
        String o = out.toString();
        List<Case> cases = List.of(
                new Case(2, "unknown command 'bogus'", "bogus"),
                new Case(1, "no such file", "embed", "--file", "/nonexistent/x.txt"),
                new Case(2, "is a folder", "embed", "--file", dir.toString()),
                new Case(2, "is not UTF-8 text", "embed", "--file", latin1.toString()),
                new Case(2, "not a regular file", "embed", "--file", "/dev/zero"),
                new Case(2, "--pair-power: ", "budget", "--n", "1024", "--fixed", "32", "--pair-power", "2"),
                new Case(2, "--sigma must be", "budget", "--n", "1024", "--power", "1,0.5", "--sigma", "1e-300"),
                new Case(2, "empty value in grid", "budget", "--n", ",,,", "--fixed", "3"),
                new Case(2, "at most 10000", "budget", "--n", "1..2147483647+1", "--fixed", "3"),
                new Case(2, "must be <= 2147483647", "budget", "--n", "2147483648", "--fixed", "3"),
                new Case(2, "--budgets", "evaluate", "--budgets", "-1", "--out", o),
                new Case(2, "--budgets", "evaluate", "--budgets", "0", "--out", o),
                new Case(2, "--budgets", "evaluate", "--budgets", "NaN", "--out", o),
                new Case(2, "--budgets", "evaluate", "--budgets", "1e18", "--out", o),
                new Case(2, "--mass", "evaluate", "--mass", "1.5", "--out", o),
                new Case(2, "--needle-boost must be a finite number", "simulate", "collapse", "--dist", "needle", "--needle-boost", "NaN", "--out", o),
                new Case(2, "--sink-boost must be a finite number", "simulate", "collapse", "--dist", "needle", "--sink-boost", "Infinity", "--out", o),
                new Case(2, "at least 2 different lengths", "simulate", "topk", "--n", "256", "--out", o),
                new Case(2, "--text: /dev/zero is not a regular file", "perplexity", "--model", "/nonexistent", "--context", "8", "--text", "/dev/zero", "--out", o),
                new Case(2, "--filler: /dev/zero is not a regular file", "needle", "--model", "/nonexistent", "--context", "64", "--filler", "/dev/zero", "--out", o),
                new Case(2, "would need arrays of", "simulate", "topk", "--d", "2147483647", "--out", o),
                new Case(2, "would need arrays of", "simulate", "topk", "--rows", "2147483647", "--out", o),
                new Case(2, "would need arrays of", "simulate", "topk", "--seeds", "2147483647", "--out", o),
                new Case(1, "the heap is", "simulate", "topk", "--seeds", "1000000000", "--out", o),
                new Case(1, "the heap is", "simulate", "topk", "--n", "4194304,8388608", "--out", o),
                new Case(2, "would need arrays of", "decode", "--n", "16777216"),
                new Case(1, "the heap is", "decode", "--n", "8388608", "--d", "128"),
                new Case(1, "the heap is", "blocksparse", "--n", "4194304"),
                new Case(2, "exceeds the model's 512 positions", "profile", "--lengths", "32,1000", "--out", o),
                new Case(2, "--scale must be a finite number > 0", "profile", "--qk", latin1.toString(), "--scale", "NaN", "--out", o),
                new Case(2, "say --peers or --jmh", "bench"));
        List<String> before = listing(Path.of("reports"));
        for (Case c : cases) {
            String line = String.join(" ", c.args());
            CliRun run = CliRun.of(c.args());
            assertThat(run.exitCode()).as(line + "\n" + run.err()).isEqualTo(c.code());
            assertThat(run.err()).as(line).contains(c.contains()).doesNotContain("\tat ").startsWith("ncsparse");
            assertThat(run.err().strip().lines().count()).as(line + ": one line\n" + run.err()).isEqualTo(1);
            assertThat(run.out()).as(line).isEmpty();
        }
        assertThat(out).as("nothing written on refusal").doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) { assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a-folder", "latin1.txt"); }
        assertThat(listing(Path.of("reports"))).as("no default folder created").isEqualTo(before);
    }

    @Test void threadCountsAreBoundedEverywhere() {
        for (String[] args : new String[][] {{"reproduce", "--threads", "100000"}, {"simulate", "topk", "--threads", "0"},
                {"generate", "--model", "/nonexistent", "--ids", "1", "--threads", "5000"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).contains("--threads must be in [1, 1024], got " + args[args.length - 1]);
        }
    }

    @Test void debugShowsTheStackTrace() {
        CliRun run = CliRun.of("embed", "--debug", "--file", "/nonexistent/x.txt");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ncsparse embed: cannot read /nonexistent/x.txt").contains("\tat ");
    }

    @Test void errorsWhileRunningBecomeOneLine() {
        CommandLine cl = Main.commandLine();
        CommandLine.ExecutionException oom = new CommandLine.ExecutionException(cl, "x", new OutOfMemoryError("Java heap space"));
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(Failures.execution(oom, cl, null)).isEqualTo(1);
        assertThat(err.toString()).startsWith("ncsparse: ran out of memory (the heap is").contains("NCSPARSE_JAVA_OPTS=-Xmx").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(Failures.execution(new IllegalStateException("boom"), cl, null)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("ncsparse: unexpected error: IllegalStateException: boom (run with --debug for the stack trace)");
        err.getBuffer().setLength(0);
        // a JDK method refusing a value NcSparse passed it is a bug, not the user's bad argument
        IllegalArgumentException fromJdk = catchIae(() -> new java.util.ArrayList<Integer>(-1));
        assertThat(Failures.execution(fromJdk, cl, null)).isEqualTo(1);
        assertThat(err.toString()).startsWith("ncsparse: unexpected error: IllegalArgumentException");
        err.getBuffer().setLength(0);
        IllegalArgumentException ours = catchIae(() -> org.ncsparse.budget.BudgetParser.parse("power:1,3"));
        assertThat(Failures.execution(ours, cl, null)).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("ncsparse: C must be in (0, 1], got 3.0");
        err.getBuffer().setLength(0);
        IllegalArgumentException number = catchIae(() -> Integer.parseInt("12x"));
        assertThat(Failures.execution(number, cl, null)).as("a user's number that does not parse").isEqualTo(2);
    }

    private static IllegalArgumentException catchIae(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e;
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    @Test void outputFoldersFollowTheOneRule() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("parent"));
        Path stale = Files.createDirectories(parent.resolve(".ncsparse-tmp-2147483646-old-1f"));
        Files.writeString(stale.resolve("half.csv"), "x");
        Path out = parent.resolve("sim");
        CliRun run = CliRun.of("simulate", "tau", "--n", "128", "--rows", "2", "--seeds", "1", "--quiet", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).as("--quiet").isEmpty();
        assertThat(stale).as("stale temporary folder of a dead process removed").doesNotExist();
        try (Stream<Path> s = Files.list(parent)) { assertThat(s.map(p -> p.getFileName().toString())).containsExactly("sim"); }
        Path reference = Files.createDirectory(tmp.resolve("reference"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .as("umask permissions, as for any new folder").isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));
        long before = Files.getLastModifiedTime(out.resolve("simulate.csv")).toMillis();
        CliRun again = CliRun.of("simulate", "tau", "--n", "128", "--rows", "2", "--seeds", "1", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("not empty").contains("--force");
        assertThat(Files.getLastModifiedTime(out.resolve("simulate.csv")).toMillis()).isEqualTo(before);
        CliRun forced = CliRun.of("simulate", "tau", "--n", "128", "--rows", "2", "--seeds", "1", "--force", "--out", out.toString());
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        try (Stream<Path> s = Files.list(parent)) { assertThat(s.count()).as("no temporary folder left").isEqualTo(1); }
        OutputOptions o = new OutputOptions();
        assertThat(o.folder("simulate-topk").toString()).matches("reports/simulate-topk-\\d{8}-\\d{6}(-\\d+)?");
    }

    @Test void jsonGoesToStdoutOrToAFile() throws Exception {
        CliRun stdout = CliRun.of("budget", "--n", "1024,4096", "--fixed", "32", "--json");
        assertThat(stdout.exitCode()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stdout.out()).get("rows")).hasSize(2);
        Path file = tmp.resolve("budget.json");
        CliRun toFile = CliRun.of("budget", "--n", "1024,4096", "--fixed", "32", "--json", file.toString());
        assertThat(toFile.exitCode()).isZero();
        assertThat(toFile.out()).startsWith("policy fixed:32");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).get("rows")).hasSize(2);
        CliRun embed = CliRun.of("budget", "--json", "--n", "64", "--fixed", "2");
        assertThat(embed.exitCode()).as("--json before another option takes no value").isZero();
        CliRun tiny = CliRun.of("budget", "--n", "1024", "--power", "1,0.5", "--sigma", "1e-6");
        assertThat(tiny.exitCode()).isZero();
        for (String l : tiny.out().lines().toList()) assertThat(l.length()).as("no 300-digit cell: " + l).isLessThan(120);
    }

    private static List<String> listing(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) { return s.map(Path::toString).sorted().toList(); }
    }
}
