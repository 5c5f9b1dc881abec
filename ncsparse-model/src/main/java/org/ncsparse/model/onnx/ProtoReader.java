package org.ncsparse.model.onnx;

/**
 * Minimal protobuf wire-format cursor over a byte array slice [pos, limit).
 *
 * <p>A field key is a varint {@code (fieldNumber << 3) | wireType}; wire types used by ONNX are
 * 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. Every length is checked against the bytes
 * that remain, so a hostile length can never cause an allocation or a read beyond the slice.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LEN = 2, FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;
    private final String what;

    ProtoReader(byte[] buf, int offset, int length, String what) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException(what + ": slice [" + offset + ", +" + length + ") outside buffer of " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
        this.what = what;
    }

    boolean hasMore() { return pos < limit; }

    int position() { return pos; }

    byte[] buffer() { return buf; }

    void skipBytes(int n) { need(n); pos += n; }

    /** Reads a field key; returns it whole (use {@link #field} / {@link #wireType}). */
    int readKey() {
        long key = readVarint();
        if (key <= 0 || key > Integer.MAX_VALUE) throw corrupt("invalid field key " + key);
        return (int) key;
    }

    static int field(int key) { return key >>> 3; }

    static int wireType(int key) { return key & 7; }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw corrupt("truncated varint");
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw corrupt("varint longer than 10 bytes");
    }

    int readFixed32() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long readFixed64() {
        long lo = readFixed32() & 0xFFFFFFFFL;
        long hi = readFixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** Reads a length prefix and checks it fits in what remains; returns the length. */
    int readLength() {
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw corrupt("length-delimited field of " + len + " bytes exceeds the " + (limit - pos) + " bytes left (truncated or corrupt file)");
        }
        return (int) len;
    }

    /** A sub-reader over the next length-delimited field; advances past it. */
    ProtoReader readMessage(String sub) {
        int len = readLength();
        ProtoReader r = new ProtoReader(buf, pos, len, sub);
        pos += len;
        return r;
    }

    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, java.nio.charset.StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** Skips the value of a field with the given wire type. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> { need(8); pos += 8; }
            case LEN -> { int len = readLength(); pos += len; }
            case FIXED32 -> { need(4); pos += 4; }
            default -> throw corrupt("unsupported wire type " + wireType);
        }
    }

    private void need(int n) {
        if (limit - pos < n) throw corrupt("truncated: need " + n + " bytes, " + (limit - pos) + " left");
    }

    IllegalArgumentException corrupt(String msg) {
        return new IllegalArgumentException("ONNX " + what + " at byte " + pos + ": " + msg);
    }
}
