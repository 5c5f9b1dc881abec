package org.ncsparse.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report's files, held in memory and written all at once through a {@link StagedFolder}: every
 * file goes to a temporary folder beside the target, then is moved into place, so a failure leaves
 * nothing half-written. A non-empty target is refused
 * unless {@code force} (then files of the same name are replaced, others kept). {@link #check} runs
 * before any computation, so bad folders fail fast.
 */
public final class OutputFolder {
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    public void put(String name, byte[] content) {
        if (name.contains("/") || name.contains("\\") || name.startsWith(".") || name.isEmpty())
            throw new IllegalArgumentException("file name must be a plain name inside the output folder, got '" + name + "'");
        files.put(name, content);
    }

    public Map<String, byte[]> files() { return files; }

    /** Fails with a one-line message when {@code dir} cannot receive a report. Creates nothing; removes stale temporary folders of dead runs beside it. */
    public static void check(Path dir, boolean force) {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new IllegalArgumentException("output path exists and is not a folder: " + dir);
            if (!force && !isEmpty(dir)) throw new IllegalArgumentException("output folder is not empty (use --force to overwrite): " + dir);
            if (!Files.isWritable(dir)) throw new IllegalArgumentException("output folder is not writable: " + dir);
        } else {
            Path parent = existingAncestor(dir.toAbsolutePath());
            if (parent == null || !Files.isWritable(parent) || !Files.isDirectory(parent))
                throw new IllegalArgumentException("cannot create output folder (parent not writable): " + dir);
        }
        Path parent = existingAncestor(dir.toAbsolutePath().getParent());
        if (parent != null) {
            probeWritable(parent, dir);
            StagedFolder.removeStale(parent); // what killed runs left beside the target, before this run starts
        }
    }

    /**
     * Creates and removes a temporary folder where the report's temporary folder will go: permission
     * bits do not tell about read-only mounts or pseudo file systems, so ask the file system, before
     * any long computation, and leave nothing behind.
     */
    private static void probeWritable(Path parent, Path dir) {
        try {
            Files.delete(Files.createTempDirectory(parent, ".ncsparse-probe-"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("output folder cannot be written: " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** Writes every file to {@code dir} (created if needed) through a temporary sibling folder ({@link StagedFolder}). */
    public void writeTo(Path dir, boolean force) {
        try (StagedFolder staged = StagedFolder.open(dir, force)) {
            writeInto(staged.dir());
            staged.commit();
        }
    }

    /** Writes every file into an existing folder (a {@link StagedFolder#dir()}). */
    public void writeInto(Path dir) {
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) Files.write(dir.resolve(e.getKey()), e.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) { return !ds.iterator().hasNext(); }
        catch (IOException e) { throw new UncheckedIOException(e); }
    }

    private static Path existingAncestor(Path p) {
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p;
    }
}
