package org.ncsparse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures found while running give one line naming the problem and a non-zero exit, not a stack trace. */
class CliErrorsTest {
    @TempDir Path tmp;

    @Test void unwritableOutputFolderFailsBeforeAnyWork() {
        // /proc accepts no new folders even for root: permission bits alone would not tell
        CliRun run = CliRun.of("reproduce", "--out", "/proc/ncsparse-report");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("output folder cannot be written").doesNotContain("\tat ");
        assertThat(run.err()).doesNotContain("Gaussian sweep");
    }

    @Test void badPolicyFoundByTheLibraryIsOneLine() {
        CliRun run = CliRun.of("embed", "--attention", "power:1,3", "hello");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("ncsparse embed: C must be in (0, 1], got 3.0");
    }

    @Test void unreadableDumpIsAnIoErrorLine() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.txt"), "not a dump");
        CliRun run = CliRun.of("profile", "--qk", junk.toString(), "--out", tmp.resolve("out").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("unknown dump format").doesNotContain("\tat ");
        assertThat(Files.exists(tmp.resolve("out"))).isFalse();
    }
}
