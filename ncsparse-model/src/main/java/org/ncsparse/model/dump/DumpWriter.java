package org.ncsparse.model.dump;

import org.ncsparse.model.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes .npy and .safetensors files (for tests, examples and exporting); atomically via a temp file. */
public final class DumpWriter {
    private DumpWriter() {}

    /** A tensor to write: float data, its shape and the stored dtype. */
    public record Entry(float[] data, long[] shape, DType dtype) {}

    public static void npy(Path file, float[] data, long[] shape, DType dtype) throws IOException {
        if (dtype == DType.BF16) throw new IllegalArgumentException("dtype: .npy has no bfloat16; use F32 or F16");
        check(data, shape);
        StringBuilder sh = new StringBuilder();
        for (long d : shape) sh.append(d).append(", ");
        String dict = "{'descr': '" + (dtype == DType.F32 ? "<f4" : "<f2") + "', 'fortran_order': False, 'shape': ("
                + (shape.length == 1 ? shape[0] + "," : sh.substring(0, Math.max(0, sh.length() - 2))) + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        AtomicFiles.write(file, out -> {
            out.write(pre.array());
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(encode(data, dtype));
        });
    }

    public static void safetensors(Path file, Map<String, Entry> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        long off = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Entry t = e.getValue();
            check(t.data(), t.shape());
            byte[] b = encode(t.data(), t.dtype());
            ObjectNode node = root.putObject(e.getKey());
            node.put("dtype", t.dtype().name());
            var shape = node.putArray("shape");
            for (long d : t.shape()) shape.add(d);
            node.putArray("data_offsets").add(off).add(off + b.length);
            off += b.length;
            blobs.put(e.getKey(), b);
        }
        byte[] header = json.writeValueAsBytes(root);
        int pad = (8 - header.length % 8) % 8;
        byte[] padded = Arrays.copyOf(header, header.length + pad);
        Arrays.fill(padded, header.length, padded.length, (byte) ' ');
        AtomicFiles.write(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length).array());
            out.write(padded);
            for (byte[] b : blobs.values()) out.write(b);
        });
    }

    private static void check(float[] data, long[] shape) {
        if (DumpTensor.elementCount("data", shape) != data.length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not match " + data.length + " values");
    }

    private static byte[] encode(float[] data, DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(data.length * dtype.size).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : data) dtype.write(b, v);
        return b.array();
    }


}
