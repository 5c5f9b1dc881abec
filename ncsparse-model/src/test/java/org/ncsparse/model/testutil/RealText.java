package org.ncsparse.model.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real English text that ships with the machine: the licence texts under /usr/share/common-licenses. */
public final class RealText {
    public static final Path DIR = Path.of("/usr/share/common-licenses");

    private RealText() {}

    public static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A paragraph-ish slice of text, whitespace collapsed. */
    public static String slice(String name, int from, int chars) {
        String s = read(name).replaceAll("\\s+", " ");
        return s.substring(Math.min(from, s.length()), Math.min(s.length(), from + chars));
    }
}
