package org.ncsparse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The one JSON convention (a mixin: {@code @Mixin JsonOption json;}): {@code --json} prints the
 * command's results as one JSON document on stdout instead of a table; {@code --json FILE.json}
 * writes that document to FILE.json (atomically) and keeps the table on stdout. The file name must
 * end in .json, so that {@code --json} before a positional argument never swallows it.
 */
public final class JsonOption {
    static final String STDOUT = "-";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", arity = "0..1", paramLabel = "FILE.json", parameterConsumer = FileIfJson.class,
            description = "JSON instead of the table on stdout; --json FILE.json writes the JSON to that file (the table stays on stdout).")
    String target;

    /** Whether --json was given. */
    boolean requested() { return target != null; }

    /** Whether the JSON replaces the table on stdout. */
    boolean toStdout() { return STDOUT.equals(target); }

    /** Whether a table (human output) belongs on stdout. */
    boolean tableOnStdout() { return !toStdout(); }

    /** Writes {@code value} where --json said (nothing without --json). */
    void write(CommandSpec spec, Object value) throws IOException {
        if (target == null) return;
        String text = JSON.writeValueAsString(value);
        if (toStdout()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(text);
            out.flush();
            return;
        }
        writeFile(Path.of(target), text + "\n");
    }

    /** Writes text to {@code file} through a temporary sibling (never half a file). */
    static void writeFile(Path file, String text) throws IOException {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) throw new IllegalArgumentException("--json: " + file + " is a folder; give a file name ending in .json");
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(".ncsparse-tmp-" + ProcessHandle.current().pid() + "-" + abs.getFileName());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Takes the next argument as the file only when it ends in .json; otherwise --json alone means stdout. */
    public static final class FileIfJson implements IParameterConsumer {
        @Override public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            String next = args.isEmpty() ? null : args.peek();
            if (next != null && next.toLowerCase(Locale.ROOT).endsWith(".json") && !next.startsWith("-")) argSpec.setValue(args.pop());
            else argSpec.setValue(STDOUT);
        }
    }
}
