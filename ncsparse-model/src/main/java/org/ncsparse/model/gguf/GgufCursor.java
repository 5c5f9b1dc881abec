package org.ncsparse.model.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian reads from a mapped GGUF file. Every read is bounds-checked first, and
 * every length or count is checked against the bytes left before anything is allocated, so a hostile
 * header cannot make the reader allocate more than the file could hold.
 */
final class GgufCursor {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String file;
    private final MemorySegment seg;
    private long pos;
    /** What is being read, for messages ("key 'general.name'", "tensor 'x'"). */
    String context = "header";

    GgufCursor(String file, MemorySegment seg) {
        this.file = file;
        this.seg = seg;
    }

    long position() { return pos; }
    long remaining() { return seg.byteSize() - pos; }

    IOException error(String what) { return new IOException(file + ": " + context + ": " + what); }

    private long take(long n, String what) throws IOException {
        if (n < 0 || n > remaining())
            throw error("truncated: " + what + " needs " + Long.toUnsignedString(n) + " bytes at offset " + pos + ", " + remaining() + " left");
        long at = pos;
        pos += n;
        return at;
    }

    int u8(String what) throws IOException { return seg.get(ValueLayout.JAVA_BYTE, take(1, what)) & 0xFF; }
    byte i8(String what) throws IOException { return seg.get(ValueLayout.JAVA_BYTE, take(1, what)); }
    short i16(String what) throws IOException { return seg.get(U16, take(2, what)); }
    int i32(String what) throws IOException { return seg.get(U32, take(4, what)); }
    long u32(String what) throws IOException { return i32(what) & 0xFFFF_FFFFL; }
    long i64(String what) throws IOException { return seg.get(U64, take(8, what)); }
    float f32(String what) throws IOException { return seg.get(F32, take(4, what)); }
    double f64(String what) throws IOException { return seg.get(F64, take(8, what)); }

    /** A u64 count of items of at least {@code minBytes} each, refused unless that many could still fit in the file. */
    long count(String what, long minBytes) throws IOException {
        long n = i64(what);
        if (n < 0 || (minBytes > 0 && n > remaining() / minBytes))
            throw error(what + " " + Long.toUnsignedString(n) + " cannot fit in the " + remaining() + " bytes left");
        return n;
    }

    /** A u64-length-prefixed UTF-8 string of at most maxBytes. */
    String string(String what, long maxBytes) throws IOException {
        long n = i64(what + " length");
        if (n < 0 || n > maxBytes) throw error(what + " length " + Long.toUnsignedString(n) + " is over the limit of " + maxBytes + " bytes");
        long at = take(n, what);
        ByteBuffer bytes = seg.asSlice(at, n).asByteBuffer();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8");
        }
    }

    void seek(long p) { pos = p; }
}
