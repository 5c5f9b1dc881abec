package org.ncsparse.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.ncsparse.lab.StagedFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --out DIR} and {@code --force}, the one output rule of every command that writes files
 * (a mixin: {@code @Mixin OutputOptions output;}). Default folder: {@code reports/<name>-<yyyyMMdd-HHmmss>};
 * an existing non-empty folder is refused unless {@code --force}; files are written to a temporary
 * sibling folder and moved into place when the job succeeded ({@link StagedFolder}).
 */
public final class OutputOptions {
    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: reports/<command>-<date>-<time>). An existing non-empty folder is refused unless --force.")
    Path out;

    @Option(names = "--force", description = "Write into a non-empty --out folder, replacing files of the same name and keeping the others.")
    boolean force;

    /** The folder this run writes: --out, or a new timestamped folder under reports/ named after {@code stem}. */
    Path folder(String stem) {
        if (out != null) return out;
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String base = stem.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + time;
        Path p = Path.of("reports", base);
        for (int i = 2; Files.exists(p); i++) p = Path.of("reports", base + "-" + i);
        return out = p;
    }

    /**
     * Checks the folder and opens its temporary sibling, before any work: a refused folder is a bad
     * argument (exit 2) and nothing is written. Close it (try-with-resources) after {@code commit()}.
     */
    StagedFolder open(CommandSpec spec, String stem) {
        Path dir = folder(stem);
        try {
            return StagedFolder.open(dir, force);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
        }
    }

    /** Only checks (for commands that compute everything in memory before writing). */
    Path check(CommandSpec spec, String stem) {
        Path dir = folder(stem);
        try {
            org.ncsparse.lab.OutputFolder.check(dir, force);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--out: " + e.getMessage());
        }
        return dir;
    }
}
