package org.ncsparse.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opening user-named input files safely: only regular files (a FIFO blocks the reader forever, a
 * device such as /dev/zero never ends), and never more bytes than a stated cap, checked against the
 * file's size before anything is allocated.
 */
public final class InputFiles {
    private InputFiles() {}

    /** Throws unless {@code file} exists and is a regular file (symbolic links are followed). */
    public static long requireRegularFile(Path file, String what) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(what + " " + file + " does not exist");
        }
        if (a.isDirectory()) throw new IOException(what + " " + file + " is a directory, not a file");
        if (!a.isRegularFile())
            throw new IOException(what + " " + file + " is not a regular file (a FIFO, socket or device); copy it to a file first");
        return a.size();
    }

    /** The whole file, refused when it is not a regular file or holds more than {@code maxBytes}. */
    public static byte[] readAllBytes(Path file, String what, long maxBytes) throws IOException {
        long size = requireRegularFile(file, what);
        if (size > maxBytes) throw new IOException(what + " " + file + " has " + size + " bytes, above the " + maxBytes + "-byte limit");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) { /* until full or EOF (the file may have shrunk) */ }
            if (ch.read(ByteBuffer.allocate(1)) > 0)
                throw new IOException(what + " " + file + " grew while being read; past the " + size + " bytes it had");
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    /** At most {@code maxBytes} of a stream; a longer stream is refused (not silently cut). */
    public static byte[] readAtMost(InputStream in, String what, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes);
        if (in.read() != -1) throw new IOException(what + " is longer than the " + maxBytes + "-byte limit");
        return bytes;
    }

    /**
     * The first {@code maxBytes} bytes of a UTF-8 text file as a string (a character cut at the end
     * is dropped; malformed bytes are an error naming the file). For inputs of which only a prefix
     * is used, e.g. text truncated to a model's context.
     */
    public static String readUtf8Prefix(Path file, String what, int maxBytes) throws IOException {
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes must be >= 0, got " + maxBytes);
        long size = requireRegularFile(file, what);
        int len = (int) Math.min(size, maxBytes);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(len);
        }
        int end = bytes.length;
        if (size > bytes.length) end = utf8Boundary(bytes, end);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(what + " " + file + " is not UTF-8 text: " + e.getMessage());
        }
    }

    /** The largest position ≤ end that does not split a UTF-8 sequence. */
    static int utf8Boundary(byte[] b, int end) {
        int i = end;
        // step back over at most 3 continuation bytes (10xxxxxx) to the lead byte of the last character
        while (i > 0 && end - i < 4 && (b[i - 1] & 0xC0) == 0x80) i--;
        if (i == 0) return end;
        int lead = b[i - 1] & 0xFF, need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return (end - (i - 1)) >= need ? end : i - 1;
    }
}
