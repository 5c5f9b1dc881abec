package org.ncsparse.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The one output rule of every command that writes files: the files are written into a hidden
 * temporary folder beside the target ({@code .ncsparse-tmp-<pid>-<name>-<random>}), created with
 * the process umask (not 0700), and {@link #commit() moved into place} only when the whole job
 * succeeded — a single atomic rename when the target does not exist yet. A non-empty target is
 * refused unless {@code force} (then files of the same name are replaced, others kept).
 *
 * <p>The temporary folder is removed by {@link #close()}, by a shutdown hook when the run is
 * interrupted (Ctrl-C), and — should the process have been killed — by the next run that writes
 * beside it, which removes every such folder whose process is gone.
 */
public final class StagedFolder implements AutoCloseable {
    static final String PREFIX = ".ncsparse-tmp-";

    private final Path target;
    private final Path staging;
    private final boolean force;
    private final Thread cleanup;
    private boolean committed;

    private StagedFolder(Path target, Path staging, boolean force) {
        this.target = target;
        this.staging = staging;
        this.force = force;
        this.cleanup = new Thread(() -> deleteTree(staging), "ncsparse-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /**
     * Checks {@code target} (see {@link OutputFolder#check}), removes stale temporary folders of
     * dead processes beside it, and creates this run's temporary folder.
     */
    public static StagedFolder open(Path target, boolean force) {
        OutputFolder.check(target, force);
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            removeStale(parent);
            String name = PREFIX + ProcessHandle.current().pid() + "-" + safe(abs.getFileName().toString()) + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            return new StagedFolder(abs, Files.createDirectory(parent.resolve(name)), force);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output folder beside " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where the job writes its files. */
    public Path dir() { return staging; }

    /** The final folder. */
    public Path target() { return target; }

    /** Moves every staged file into the target folder (atomically when the target is new). */
    public void commit() {
        try {
            OutputFolder.check(target, force); // nothing appeared meanwhile
            if (!Files.exists(target)) {
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                    committed = true;
                    return;
                } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                    Files.createDirectories(target);
                }
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(staging)) { for (Path p : ds) files.add(p); }
            for (Path p : files) {
                Path dest = target.resolve(p.getFileName().toString());
                if (Files.isDirectory(dest) && !Files.isSymbolicLink(dest)) deleteTree(dest);
                Files.move(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not move the results into " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary folder (a no-op after a successful commit of a new target). */
    @Override public void close() {
        deleteTree(staging);
        try { Runtime.getRuntime().removeShutdownHook(cleanup); } catch (IllegalStateException shuttingDown) { /* the hook runs anyway */ }
    }

    boolean committed() { return committed; }

    /** Removes {@code .ncsparse-tmp-<pid>-*} folders in {@code parent} whose process no longer runs. */
    static void removeStale(Path parent) {
        try (Stream<Path> s = Files.list(parent)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(PREFIX) || !Files.isDirectory(p)) continue;
                long pid = pidOf(name);
                if (pid <= 0 || pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                deleteTree(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // an unreadable parent is reported by the write itself
        }
    }

    static long pidOf(String name) {
        int end = name.indexOf('-', PREFIX.length());
        try { return end < 0 ? -1 : Long.parseLong(name.substring(PREFIX.length(), end)); }
        catch (NumberFormatException e) { return -1; }
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._]", "_");
        return t.length() > 40 ? t.substring(0, 40) : t;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the next run removes what is left
        }
    }
}
