package org.ncsparse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Text files given on the command line: regular files only (a folder, FIFO or device such as
 * /dev/zero is refused, never read without end), strict UTF-8, at most {@code limit} bytes read
 * (the caller says when it cut). Failures name the option and the file.
 */
final class TextInput {
    private TextInput() {}

    /** What was read: the text and whether the file went on past the limit. */
    record Text(String text, long fileBytes, boolean truncated) {}

    /** Text an LLM command scores or prompts with: 64 MiB is ~16M tokens, far beyond any context window. */
    static final long LLM_TEXT_LIMIT = 64L << 20;

    /**
     * {@link #read} that says on stderr (unless --quiet) when the file was cut at the limit:
     * {@code ncsparse CMD: note: OPTION FILE has N bytes; read the first L}.
     */
    static String readNoting(picocli.CommandLine.Model.CommandSpec spec, String option, Path file, long limit) throws IOException {
        Text t = read(option, file, limit);
        if (t.truncated() && !Flags.given(spec, Flags.QUIET)) {
            java.io.PrintWriter err = spec.commandLine().getErr();
            err.println(Failures.qualifiedName(spec.commandLine()) + ": note: " + option + " " + file + " has " + t.fileBytes()
                    + " bytes; read the first " + (limit >= 1 << 20 ? (limit >> 20) + " MiB" : limit + " bytes"));
            err.flush();
        }
        return t.text();
    }

    static Text read(String option, Path file, long limit) throws IOException {
        if (!Files.exists(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, option + ": no such file");
        if (Files.isDirectory(file)) throw new IllegalArgumentException(option + ": " + file + " is a folder; give a text file");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + ": " + file + " is not a regular file (a device or pipe); give a text file");
        if (!Files.isReadable(file)) throw new java.nio.file.AccessDeniedException(file.toString());
        long size = Files.size(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) { bytes = in.readNBytes((int) Math.min(limit, size)); }
        boolean truncated = size > bytes.length;
        int end = truncated ? utf8Boundary(bytes) : bytes.length;
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, end);
        try {
            CharBuffer chars = dec.decode(buf);
            return new Text(chars.toString(), size, truncated);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(option + ": " + file + " is not UTF-8 text (invalid bytes near offset " + firstBad(bytes, end) + ")");
        }
    }

    /** Length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int utf8Boundary(byte[] b) {
        int i = b.length;
        int back = 0;
        while (i > 0 && back < 4 && (b[i - 1] & 0xC0) == 0x80) { i--; back++; }
        if (i == 0) return b.length;
        int lead = b[i - 1] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return need == back + 1 ? b.length : i - 1;
    }

    private static long firstBad(byte[] b, int end) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        int lo = 0, hi = end; // binary search for the longest valid prefix
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            try { dec.reset().decode(ByteBuffer.wrap(b, 0, utf8Boundary(java.util.Arrays.copyOf(b, mid)))); lo = mid; }
            catch (CharacterCodingException e) { hi = mid - 1; }
        }
        return lo;
    }
}
