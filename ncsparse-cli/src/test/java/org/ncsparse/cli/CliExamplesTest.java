package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.dump.DType;
import org.ncsparse.model.dump.DumpWriter;
import picocli.CommandLine;

/**
 * Every command's --help, and every example printed in a help footer or in the README, run
 * in-process in a quick variant (smaller n, fewer rows, --out in a temporary folder): exit code 0,
 * nothing on stderr that looks like a warning or a stack trace; then every HTML report they wrote
 * opened in headless Chromium ({@link ReportBrowser}).
 */
class CliExamplesTest {
    @TempDir static Path tmp;
    private static final AtomicInteger outs = new AtomicInteger();
    /** Example -> what went wrong, for every example run once in {@link #runEveryExample()}. */
    private static final Map<String, String> failures = new LinkedHashMap<>();

    @Test void everyCommandHasCleanHelp() {
        CommandLine root = Main.commandLine();
        List<String> names = new ArrayList<>(root.getSubcommands().keySet());
        names.remove("help");
        assertThat(names).contains("reproduce", "simulate", "budget", "embed", "profile", "evaluate", "bench", "decode", "blocksparse");
        CliRun top = CliRun.of("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.err()).isEmpty();
        for (String name : names) {
            CliRun run = CliRun.of(name, "--help");
            assertThat(run.exitCode()).as(name).isZero();
            assertThat(run.err()).as(name + " --help stderr").isEmpty();
            assertThat(run.out()).as(name).contains("Usage: ncsparse " + name).contains("--debug").contains("--quiet");
            for (String line : run.out().lines().toList()) assertThat(line.length()).as(name + ": " + line).isLessThanOrEqualTo(170);
        }
    }

    /** Runs every example once (quick variants) for the tests below. */
    @BeforeAll static void runEveryExample() throws Exception {
        Set<String> examples = new LinkedHashSet<>();
        CommandLine root = Main.commandLine();
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            for (String line : e.getValue().getCommandSpec().usageMessage().footer())
                if (line.strip().startsWith("ncsparse ") || line.strip().startsWith("Example: ncsparse "))
                    examples.add(line.strip().replaceFirst("^Example: ", ""));
        }
        Path readme = Path.of("..", "README.md");
        if (Files.exists(readme))
            for (String line : Files.readAllLines(readme))
                if (line.startsWith("bin/ncsparse ")) examples.add(line.substring("bin/".length()));
        assertThat(examples).hasSizeGreaterThan(15);
        Set<String> shapes = new LinkedHashSet<>();
        for (String example : examples) {
            List<String> args = quick(Shell.split(example.substring("ncsparse ".length())));
            if (args == null) { System.out.println("example " + example + ": skipped (" + SKIP_REASON + ")"); continue; }
            if (!shapes.add(shape(args))) continue; // the same command with the same options ran already
            String model = args.contains("--model") ? args.get(args.indexOf("--model") + 1) : null;
            if (model != null && (model.contains("/") || model.contains(".")) && !Files.exists(Path.of(model))) {
                System.out.println("example " + example + ": skipped, it names a model file of yours (" + model + "); the command's own test covers it");
                continue;
            }
            long t0 = System.nanoTime();
            CliRun run = CliRun.of(args.toArray(String[]::new));
            System.out.printf("example %-90s %5.1f s (quick: %s)%n", example, (System.nanoTime() - t0) / 1e9, String.join(" ", args));
            String problem = run.exitCode() != 0 ? "exit " + run.exitCode() + ": " + run.err()
                    : run.err().contains("\tat ") || run.err().contains("Exception") ? "stack trace: " + run.err()
                    : run.err().lines().anyMatch(l -> l.contains("WARNING") && !l.contains("incubator")) ? "warning: " + run.err() : null;
            if (problem != null) failures.put(example, problem);
        }
    }

    @Test void everyExampleRunsInAQuickVariant() {
        assertThat(failures).isEmpty();
    }

    /** Every HTML report the examples wrote, in headless Chromium: images decode, links resolve, no machine paths; screenshots kept. */
    @Test void everyReportOpensInABrowser() throws Exception {
        Assumptions.assumeTrue(ReportBrowser.available(), "chromium is not installed (apt-get install -y chromium)");
        ReportBrowser browser = new ReportBrowser(Files.createDirectories(tmp.resolve("browser")));
        List<Path> reports;
        try (var s = Files.list(tmp)) { reports = s.filter(p -> Files.isRegularFile(p.resolve("index.html"))).sorted().toList(); }
        assertThat(reports).as("reports written by reproduce, profile and evaluate").hasSizeGreaterThanOrEqualTo(4);
        for (Path r : reports) {
            String html = Files.readString(r.resolve("index.html"));
            String name = r.getFileName() + "-" + html.replaceAll("(?s).*?<title>([^<]*)</title>.*", "$1").replaceAll("[^A-Za-z]+", "-").toLowerCase(java.util.Locale.ROOT);
            assertThat(html).as(name + ": no machine paths or outside references").doesNotContain(tmp.toString()).doesNotContain("/usr/share/").doesNotContain("SPEC");
            ReportBrowser.Check c = browser.checkAndScreenshot(r, name.length() > 60 ? name.substring(0, 60) : name);
            assertThat(c.images()).as(name + " images").isPositive();
            assertThat(c.bad()).as(name + ": broken images or links").isEmpty();
        }
        // the check itself catches a missing plot
        Path broken = ReportBrowser.copy(reports.get(0), tmp.resolve("broken"));
        try (var s = Files.list(broken)) { Files.delete(s.filter(p -> p.toString().endsWith(".png")).sorted().findFirst().orElseThrow()); }
        assertThat(browser.check(broken, "broken").bad()).isNotEmpty();
    }

    /** The quick variant of an example: same command and options, small sizes, outputs in the temporary folder. */
    static List<String> quick(List<String> a) throws IOException {
        List<String> args = new ArrayList<>(a);
        String cmd = args.get(0);
        switch (cmd) {
            case "reproduce" -> { args.remove("--full"); args.add("--tiny"); out(args); }
            case "simulate" -> {
                set(args, "--n", args.get(1).equals("tau") ? "128" : "64,128");
                set(args, "--rows", "4");
                set(args, "--seeds", "2");
                out(args);
            }
            case "decode" -> { set(args, "--n", "2048"); set(args, "--reps", "1"); }
            case "blocksparse" -> { set(args, "--n", "512"); set(args, "--reps", "1"); set(args, "--recall-rows", "4"); }
            case "embed" -> {
                if (args.contains("--file")) set(args, "--file", Files.writeString(tmp.resolve("notes.txt"), "Attention is naturally sparse.\n").toString());
                if (args.contains("--repeat")) set(args, "--repeat", "1");
            }
            case "profile" -> {
                if (args.contains("--qk")) set(args, "--qk", dump().toString());
                else set(args, "--lengths", "64");
                set(args, "--rows", "4");
                out(args);
            }
            case "evaluate" -> {
                set(args, "--max-chunks", "4");
                set(args, "--budgets", "16");
                set(args, "--mass", "0.1");
                if (args.contains("--corpus")) set(args, "--corpus", Path.of("..", "docs", "DUMPS.md").toString());
                if (args.contains("--json")) set(args, "--json", tmp.resolve("rows.json").toString());
                out(args);
            }
            case "bench" -> {
                if (args.contains("--peers")) {
                    args.remove("--quick");
                    args.add("--smoke");
                    set(args, "--threads", "1");
                    if (args.contains("--json")) set(args, "--json", tmp.resolve("peers.json").toString());
                    out(args);
                }
                if (args.contains("--jmh")) {
                    args.addAll(List.of("-f", "0", "-wi", "0", "-i", "1", "-r", "100ms"));
                    System.setProperty("jmh.ignoreLock", "true"); // other JMH runs on the machine hold /tmp/jmh.lock
                }
            }
            case "generate", "perplexity", "needle", "profile-decode" -> {
                Path model = tinyDecoder();
                if (model == null) return null;
                set(args, "--model", model.toString());
                if (args.contains("--ids")) set(args, "--ids", "1,45,74");
                if (args.contains("--max-new")) set(args, "--max-new", "2");
                if (!cmd.equals("generate")) out(args); // the evaluations write a report
            }
            default -> { }
        }
        return args;
    }

    static final String SKIP_REASON = "/usr/bin/python3 with numpy is needed to write a small decoder model";
    private static Path decoder;
    private static boolean decoderTried;

    /** A small random Llama-family model (Hugging Face layout, byte-level tokenizer) for the decoder examples; null without numpy. */
    private static Path tinyDecoder() throws IOException {
        if (decoderTried) return decoder;
        decoderTried = true;
        Path script = Path.of("../ncsparse-model/src/test/python/llama_reference.py").toAbsolutePath().normalize();
        Path dir = tmp.resolve("tiny-decoder");
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), "--out", dir.toString(), "--config", "gqa",
                    "--format", "hf-f32", "--seed", "5").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                System.out.println("tiny decoder not written: " + log);
                return null;
            }
            Files.writeString(dir.resolve("tokenizer.json"), GenerateCommandTest.byteLevelTokenizer());
        } catch (IOException e) {
            return null; // no /usr/bin/python3
        } catch (Exception e) {
            throw new IOException(e);
        }
        return decoder = dir;
    }

    /** The command and its option names, less those that change only where or what seed. */
    private static String shape(List<String> args) {
        List<String> names = new ArrayList<>(args.stream().filter(x -> x.startsWith("--") && !Set.of("--out", "--seed", "--full").contains(x)).sorted().toList());
        names.add(0, args.get(0));
        if (args.size() > 1 && !args.get(1).startsWith("-")) names.add(1, args.get(1));
        return String.join(" ", names);
    }

    private static void out(List<String> args) { set(args, "--out", tmp.resolve("out" + outs.incrementAndGet()).toString()); }

    private static void set(List<String> args, String option, String value) {
        int i = args.indexOf(option);
        if (i >= 0) args.set(i + 1, value);
        else { args.add(option); args.add(value); }
    }

    private static Path dump() throws IOException {
        Path f = tmp.resolve("dump.safetensors");
        if (Files.exists(f)) return f;
        int heads = 2, n = 128, d = 8;
        Random rnd = new Random(11);
        float[] q = new float[heads * n * d], k = new float[heads * n * d];
        for (int i = 0; i < q.length; i++) { q[i] = (float) rnd.nextGaussian(); k[i] = (float) rnd.nextGaussian(); }
        Map<String, DumpWriter.Entry> m = new LinkedHashMap<>();
        m.put("layer.0.q", new DumpWriter.Entry(q, new long[] {heads, n, d}, DType.F16));
        m.put("layer.0.k", new DumpWriter.Entry(k, new long[] {heads, n, d}, DType.F16));
        DumpWriter.safetensors(f, m);
        return f;
    }

    /** Splits a command line as a POSIX shell would for these examples: blanks, single and double quotes, backslashes, # comments. */
    static final class Shell {
        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean in = false;
            char quote = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) quote = 0;
                    else if (c == '\\' && quote == '"' && i + 1 < line.length()) cur.append(line.charAt(++i));
                    else cur.append(c);
                } else if (c == '\'' || c == '"') { quote = c; in = true; }
                else if (c == '\\' && i + 1 < line.length()) { cur.append(line.charAt(++i)); in = true; }
                else if (c == '#' && !in) break;
                else if (c == ';' || c == '|' || c == '&') throw new IllegalArgumentException("unquoted shell operator '" + c + "' in example: " + line);
                else if (Character.isWhitespace(c)) { if (in) { out.add(cur.toString()); cur.setLength(0); in = false; } }
                else { cur.append(c); in = true; }
            }
            if (quote != 0) throw new IllegalArgumentException("unbalanced quote in example: " + line);
            if (in) out.add(cur.toString());
            return out;
        }
    }
}
