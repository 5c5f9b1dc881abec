package org.ncsparse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Opens HTML reports in headless Chromium (Debian package {@code chromium}): every image decodes,
 * every link and in-page anchor resolves; saves a screenshot of each page under
 * target/report-screenshots/. {@link #available()} is false when chromium is absent (tests skip).
 */
final class ReportBrowser {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
    private final Path tmp;

    ReportBrowser(Path tmp) { this.tmp = tmp; }

    static boolean available() { return Files.isExecutable(CHROMIUM); }

    /** Counts of images and links, and the broken ones (empty when none). */
    record Check(int images, int links, List<String> bad) {}

    /** Checks the report in {@code dir} and saves its screenshot as {@code name}.png. */
    Check checkAndScreenshot(Path dir, String name) throws Exception {
        Check c = check(dir, name);
        Files.createDirectories(SCREENSHOTS);
        Path shot = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
        chromium(tmp.resolve("chromium-shot-" + name), "--window-size=1280,2400", "--screenshot=" + shot, dir.resolve("index.html").toUri().toString());
        if (!Files.isRegularFile(shot) || Files.size(shot) < 10_000) throw new AssertionError("no screenshot of " + dir);
        return c;
    }

    /** Loads a copy of the page with the check script appended and reads the verdict from the dumped DOM. */
    Check check(Path report, String name) throws Exception {
        Path copy = copy(report, tmp.resolve("chromium-check-" + name));
        String script;
        try (InputStream in = ReportBrowser.class.getResourceAsStream("report-check.js")) { script = new String(in.readAllBytes(), StandardCharsets.UTF_8); }
        Path index = copy.resolve("index.html");
        Files.writeString(index, Files.readString(index).replace("</body>",
                "<script>window.addEventListener('load', function () {\n" + script + "\n});</script></body>"));
        String dom = chromium(tmp.resolve("chromium-profile-" + name), "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                index.toUri().toString());
        Matcher m = Pattern.compile("CHECK images=(\\d+) links=(\\d+) bad=(\\[.*?\\])</pre>").matcher(dom);
        if (!m.find()) throw new AssertionError(name + ": the check did not run; DOM starts " + dom.substring(0, Math.min(300, dom.length())));
        List<String> bad = new ArrayList<>();
        Matcher item = Pattern.compile("&quot;(.*?)&quot;|\"(.*?)\"").matcher(m.group(3));
        while (item.find()) bad.add(item.group(1) != null ? item.group(1) : item.group(2));
        return new Check(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), bad);
    }

    private String chromium(Path userData, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + userData));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s: " + String.join(" ", cmd));
        }
        return Files.readString(out);
    }

    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
