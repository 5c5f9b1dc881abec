package org.ncsparse.model.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the test-side Python ({@code src/test/python}, Debian's {@code /usr/bin/python3} + numpy) that
 * writes model files independently of the Java code. Tests call {@link #assumeNumpy()} first so they
 * are skipped, not failed, where numpy is missing.
 */
public final class PythonFormats {
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Boolean numpy;

    private PythonFormats() {}

    /** The folder holding ncsparse_formats.py (put on PYTHONPATH for every script run here). */
    public static Path pythonDir() {
        Path p = Path.of("src", "test", "python");
        if (!Files.isDirectory(p)) p = Path.of("ncsparse-model", "src", "test", "python");
        return p.toAbsolutePath();
    }

    public static synchronized boolean numpyAvailable() {
        if (numpy == null) {
            try {
                numpy = Files.isExecutable(PYTHON) && exec(List.of(PYTHON.toString(), "-c", "import numpy"), 60).exit == 0;
            } catch (IOException e) {
                numpy = false;
            }
        }
        return numpy;
    }

    /** Skips the calling test when /usr/bin/python3 cannot import numpy. */
    public static void assumeNumpy() {
        Assumptions.assumeTrue(numpyAvailable(), "needs /usr/bin/python3 with numpy (apt-get install python3-numpy)");
    }

    /** Runs ncsparse_formats.py with these arguments; IOException with its stderr when it fails. */
    public static void formats(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), pythonDir().resolve("ncsparse_formats.py").toString()));
        cmd.addAll(List.of(args));
        check(exec(cmd, 300), cmd);
    }

    /** Runs Python source (ncsparse_formats importable) with arguments in sys.argv[1:]. */
    public static void code(String source, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), "-c", source));
        cmd.addAll(List.of(args));
        check(exec(cmd, 300), cmd);
    }

    private record Result(int exit, String output) {}

    private static void check(Result r, List<String> cmd) throws IOException {
        if (r.exit != 0) throw new IOException("python exited with " + r.exit + " for " + cmd.subList(1, Math.min(cmd.size(), 3)) + ":\n" + r.output);
    }

    private static Result exec(List<String> cmd, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", pythonDir().toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("python timed out after " + timeoutSeconds + " s: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running python", e);
        }
    }
}
