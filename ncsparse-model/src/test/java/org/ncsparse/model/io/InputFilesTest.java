package org.ncsparse.model.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class InputFilesTest {
    @TempDir Path dir;

    @Test
    void devicesDirectoriesAndMissingFilesAreRefused() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertThatThrownBy(() -> InputFiles.readAllBytes(Path.of("/dev/zero"), "input", 100)).isInstanceOf(IOException.class)
                .hasMessageContaining("input /dev/zero is not a regular file");
        assertThatThrownBy(() -> InputFiles.readUtf8Prefix(Path.of("/dev/zero"), "text", 100)).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> InputFiles.requireRegularFile(dir, "input")).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> InputFiles.requireRegularFile(dir.resolve("nope"), "input")).hasMessageContaining("does not exist");
    }

    @Test
    void sizeCapIsCheckedBeforeReading() throws IOException {
        Path f = Files.write(dir.resolve("f"), new byte[1000]);
        assertThatThrownBy(() -> InputFiles.readAllBytes(f, "input", 999)).hasMessageContaining("1000 bytes, above the 999-byte limit");
        assertThat(InputFiles.readAllBytes(f, "input", 1000)).hasSize(1000);
        assertThatThrownBy(() -> InputFiles.readAtMost(new ByteArrayInputStream(new byte[11]), "stream", 10)).hasMessageContaining("longer than the 10-byte limit");
        assertThat(InputFiles.readAtMost(new ByteArrayInputStream(new byte[10]), "stream", 10)).hasSize(10);
    }

    /** A prefix never splits a UTF-8 character: every cut of a text of 1-, 2-, 3- and 4-byte characters decodes to a prefix. */
    @Test
    void utf8PrefixDropsACutCharacter() throws IOException {
        String text = "aé€😀b€é😀";
        Path f = Files.writeString(dir.resolve("t.txt"), text);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        for (int cap = 0; cap <= bytes + 1; cap++) {
            String p = InputFiles.readUtf8Prefix(f, "text", cap);
            assertThat(text).startsWith(p);
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(cap).isGreaterThan(cap - 4);
        }
        Path bad = Files.write(dir.resolve("b.txt"), new byte[] {'a', (byte) 0xFF, 'b'});
        assertThatThrownBy(() -> InputFiles.readUtf8Prefix(bad, "text", 10)).hasMessageContaining("is not UTF-8 text");
    }
}
