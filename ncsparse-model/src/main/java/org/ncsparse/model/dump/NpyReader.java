package org.ncsparse.model.dump;

import org.ncsparse.model.hf.StrictJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy {@code .npy} (format 1.0/2.0/3.0): magic {@code \x93NUMPY}, version, header length (u16 for
 * 1.0, u32 after), then a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (...)},
 * then the data. Accepted: little-endian float32 ('<f4') and float16 ('<f2'), C order; the header
 * dictionary is parsed strictly ({@link NpyHeader}) and the data must be exactly shape × dtype bytes.
 */
public final class NpyReader {
    /** Headers longer than this are refused (numpy writes well under 1 KiB). */
    public static final int MAX_HEADER = 1 << 20;

    private NpyReader() {}

    /** Opens {@code file}; the returned tensor reads from the open channel (close it via {@link DumpFile}). */
    public static DumpTensor open(Path file, FileChannel ch, String name) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, pre, 0, file);
        pre.flip();
        if (pre.remaining() < 10 || (pre.get(0) & 0xFF) != 0x93 || pre.get(1) != 'N' || pre.get(2) != 'U' || pre.get(3) != 'M'
                || pre.get(4) != 'P' || pre.get(5) != 'Y')
            throw new IOException(file + ": not a .npy file (bad magic)");
        int major = pre.get(6), minor = pre.get(7);
        if (minor != 0) throw new IOException(file + ": unsupported .npy format version " + major + "." + minor);
        long headerLen;
        int headerStart;
        if (major == 1) { headerLen = pre.getShort(8) & 0xFFFF; headerStart = 10; }
        else if (major == 2 || major == 3) {
            if (pre.remaining() < 12) throw new IOException(file + ": truncated .npy preamble");
            headerLen = pre.getInt(8) & 0xFFFFFFFFL; headerStart = 12;
        } else throw new IOException(file + ": unsupported .npy format version " + major);
        if (headerLen > MAX_HEADER) throw new IOException(file + ": .npy header of " + headerLen + " bytes exceeds the " + MAX_HEADER + "-byte cap");
        if (headerStart + headerLen > size) throw new IOException(file + ": .npy header of " + headerLen + " bytes runs past the end of the " + size + "-byte file");
        ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
        readFully(ch, hb, headerStart, file);
        String header = new String(hb.array(), 0, hb.position(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h;
        try {
            h = NpyHeader.parse(header);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": .npy " + e.getMessage());
        }
        DType dtype = switch (h.descr()) {
            case "<f4" -> DType.F32;
            case "<f2" -> DType.F16;
            default -> throw new IOException(file + ": unsupported .npy dtype '" + h.descr() + "' (supported: '<f4' float32, '<f2' float16)");
        };
        if (h.fortranOrder()) throw new IOException(file + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        long[] shape = h.shape();
        long dataStart = headerStart + headerLen;
        DumpTensor t;
        try {
            t = new DumpTensor(name, dtype, shape, ch, dataStart);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        long expected = Math.multiplyExact(t.elementCount(), dtype.size);
        if (size - dataStart != expected)
            throw new IOException(file + ": data has " + (size - dataStart) + " bytes but shape " + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        return t;
    }

    /** Opens a standalone .npy file (the channel stays open for the tensor's lifetime). */
    public static DumpTensor open(Path file) throws IOException {
        StrictJson.requireRegularFile(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            String n = file.getFileName().toString();
            return open(file, ch, n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) break;
        }
    }
}
