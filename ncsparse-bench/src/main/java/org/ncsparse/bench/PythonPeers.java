package org.ncsparse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy and PyTorch peers, run by Debian's /usr/bin/python3 (the only interpreter that sees
 * Debian's python3-numpy / python3-torch) on the script {@code attention_peer.py}. Installs
 * nothing: {@link #check()} says what is missing and the exact command that installs it.
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed from the child's environment so OpenBLAS
 * picks its own kernels; the BLAS actually mapped is reported back.
 */
public final class PythonPeers {
    public static final String PYTHON = "/usr/bin/python3";
    public static final String INSTALL = "apt-get update && apt-get install -y python3-numpy python3-torch libopenblas0-pthread";

    /** One peer timing from the script. */
    public record Timing(String peer, int n, int d, boolean causal, double ms, double minMs) {}

    /** The script's {"info": ...} line plus its timings. */
    public record Result(String info, List<Timing> timings) {}

    /** null when numpy (with OpenBLAS) and torch are importable; else what is missing and how to install it. */
    public static String check() {
        if (!Files.isExecutable(Path.of(PYTHON))) return "no " + PYTHON + "; install: " + INSTALL;
        String out = run(List.of(PYTHON, "-c", "import numpy, torch; print('ok')"), Map.of(), 60);
        if (out == null || !out.contains("ok")) return "python3-numpy or python3-torch missing; install: " + INSTALL;
        if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread")))
            return "OpenBLAS missing (numpy would use the slow reference BLAS); install: " + INSTALL;
        return null;
    }

    /** Runs every shape at {@code threads} threads, {@code reps} timed repetitions each. */
    public static Result run(List<Shape> shapes, int threads, int reps) throws IOException {
        Path script = Files.createTempFile("ncsparse-peer", ".py");
        try (InputStream in = PythonPeers.class.getResourceAsStream("attention_peer.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString(), Integer.toString(reps)));
            for (Shape s : shapes) cmd.add(s.n() + "," + s.d() + "," + (s.causal() ? 1 : 0));
            String t = Integer.toString(threads);
            String out = run(cmd, Map.of("OPENBLAS_NUM_THREADS", t, "OMP_NUM_THREADS", t, "MKL_NUM_THREADS", t), 3600);
            if (out == null) throw new IOException("peer script failed: " + String.join(" ", cmd));
            return parse(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static final Pattern TIMING = Pattern.compile(
            "\\{\"peer\": \"([^\"]+)\", \"n\": (\\d+), \"d\": (\\d+), \"causal\": (true|false), \"ms\": ([0-9.eE+-]+), \"min_ms\": ([0-9.eE+-]+)}");

    static Result parse(String out) {
        String info = "";
        List<Timing> timings = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{\"info\"")) info = line.substring(9, line.length() - 1);
            Matcher m = TIMING.matcher(line.trim());
            if (m.matches()) timings.add(new Timing(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Boolean.parseBoolean(m.group(4)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6))));
        }
        return new Result(info, timings);
    }

    /** Runs a command, returns stdout, or null on failure (stderr goes to ours). */
    private static String run(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().remove("OPENBLAS_CORETYPE");
            pb.environment().remove("OPENBLAS_L2_SIZE");
            pb.environment().putAll(env);
            Process p = pb.start();
            StringBuilder sb = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) sb.append(line).append('\n');
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) { p.destroyForcibly(); return null; }
            return p.exitValue() == 0 ? sb.toString() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
