package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one output rule: temporary sibling, atomic move, umask permissions, nothing left behind. */
class StagedFolderTest {
    @TempDir Path tmp;

    @Test void commitMovesEverythingAndLeavesNoTemporaryFolder() throws Exception {
        Path target = tmp.resolve("report");
        try (StagedFolder s = StagedFolder.open(target, false)) {
            assertThat(s.dir().getFileName().toString()).startsWith(".ncsparse-tmp-" + ProcessHandle.current().pid() + "-report-");
            Files.writeString(s.dir().resolve("a.csv"), "x\n");
            assertThat(target).doesNotExist();
            s.commit();
        }
        assertThat(target.resolve("a.csv")).hasContent("x");
        assertThat(names()).containsExactly("report");
        Path reference = Files.createDirectory(tmp.resolve("reference"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));
    }

    @Test void aFailedJobLeavesNothing() throws Exception {
        Path target = tmp.resolve("report");
        try (StagedFolder s = StagedFolder.open(target, false)) {
            Files.writeString(s.dir().resolve("half.csv"), "x");
        }
        assertThat(names()).isEmpty();
    }

    @Test void nonEmptyTargetNeedsForceAndKeepsOtherFiles() throws Exception {
        Path target = Files.createDirectory(tmp.resolve("report"));
        Files.writeString(target.resolve("mine.txt"), "keep");
        Files.writeString(target.resolve("a.csv"), "old");
        assertThatThrownBy(() -> StagedFolder.open(target, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--force");
        try (StagedFolder s = StagedFolder.open(target, true)) {
            Files.writeString(s.dir().resolve("a.csv"), "new");
            s.commit();
        }
        assertThat(target.resolve("a.csv")).hasContent("new");
        assertThat(target.resolve("mine.txt")).hasContent("keep");
        assertThat(names()).containsExactly("report");
    }

    @Test void staleFoldersOfDeadProcessesAreRemovedOthersKept() throws Exception {
        Path dead = Files.createDirectories(tmp.resolve(".ncsparse-tmp-2147483646-x-1"));
        Files.writeString(dead.resolve("f"), "x");
        Path alive = Files.createDirectories(tmp.resolve(".ncsparse-tmp-" + ProcessHandle.current().pid() + "-y-2"));
        Path unrelated = Files.createDirectories(tmp.resolve(".ncsparse-tmp-notapid"));
        try (StagedFolder s = StagedFolder.open(tmp.resolve("report"), false)) {
            assertThat(dead).doesNotExist();
            assertThat(alive).exists();
            assertThat(unrelated).exists();
        }
    }

    private String[] names() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) { return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new); }
    }
}
