package org.ncsparse.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One ONNX initializer: name, dims, data type and its data kept as a slice of the file bytes
 * (little-endian {@code raw_data}) or as decoded {@code float_data}/{@code int*_data}.
 * The element count (product of dims) always agrees with the stored data; the constructor checks.
 */
public final class OnnxTensor {
    /** ONNX TensorProto.DataType values we can read. */
    public static final int FLOAT = 1, INT32 = 6, INT64 = 7, DOUBLE = 11;

    private final String name;
    private final long[] dims;
    private final int dataType;
    private final byte[] raw;      // backing buffer of raw_data (may be the whole file) or null
    private final int rawOffset;
    private final long[] values;   // decoded int32/int64 data, or null
    private final float[] floats;  // decoded float_data, or null
    private final long count;

    OnnxTensor(String name, long[] dims, int dataType, byte[] raw, int rawOffset, int rawLength,
               float[] floats, long[] values) {
        this.name = name;
        this.dims = dims;
        this.dataType = dataType;
        this.raw = raw;
        this.rawOffset = rawOffset;
        this.floats = floats;
        this.values = values;
        this.count = elementCount(name, dims);
        int size = elementSize(name, dataType);
        if (raw != null) {
            if (count * size != rawLength) {
                throw new IllegalArgumentException("ONNX tensor '" + name + "': raw_data has " + rawLength + " bytes but dims "
                        + java.util.Arrays.toString(dims) + " of " + typeName(dataType) + " need " + count * size);
            }
        } else {
            long have = floats != null ? floats.length : values != null ? values.length : 0;
            if (have != count) {
                throw new IllegalArgumentException("ONNX tensor '" + name + "': " + have + " stored values but dims "
                        + java.util.Arrays.toString(dims) + " need " + count);
            }
        }
    }

    static long elementCount(String name, long[] dims) {
        long c = 1;
        for (long d : dims) {
            if (d < 0) throw new IllegalArgumentException("ONNX tensor '" + name + "': negative dim " + d);
            c = Math.multiplyExact(c, d);
            if (c > Integer.MAX_VALUE) throw new IllegalArgumentException("ONNX tensor '" + name + "': " + c + "+ elements is too large");
        }
        return c;
    }

    static int elementSize(String name, int dataType) {
        return switch (dataType) {
            case FLOAT, INT32 -> 4;
            case INT64, DOUBLE -> 8;
            default -> throw new IllegalArgumentException("ONNX tensor '" + name + "': unsupported data type " + dataType
                    + " (supported: 1 FLOAT, 6 INT32, 7 INT64, 11 DOUBLE)");
        };
    }

    static String typeName(int t) {
        return switch (t) { case FLOAT -> "FLOAT"; case INT32 -> "INT32"; case INT64 -> "INT64"; case DOUBLE -> "DOUBLE"; default -> "type " + t; };
    }

    public String name() { return name; }

    public long[] dims() { return dims.clone(); }

    public int dim(int i) { return (int) dims[i]; }

    public int rank() { return dims.length; }

    public int dataType() { return dataType; }

    public int size() { return (int) count; }

    /** The data as float32 (converting from double/int types). */
    public float[] toFloats() {
        int n = (int) count;
        if (floats != null) return floats.clone();
        float[] out = new float[n];
        if (values != null) {
            for (int i = 0; i < n; i++) out[i] = values[i];
            return out;
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, rawOffset, n * elementSize(name, dataType)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dataType) {
            case FLOAT -> bb.asFloatBuffer().get(out);
            case DOUBLE -> { for (int i = 0; i < n; i++) out[i] = (float) bb.getDouble(); }
            case INT32 -> { for (int i = 0; i < n; i++) out[i] = bb.getInt(); }
            case INT64 -> { for (int i = 0; i < n; i++) out[i] = bb.getLong(); }
            default -> throw new IllegalStateException();
        }
        return out;
    }

    /**
     * As {@link #toFloats()}, refusing a NaN or infinite element (weights of a model must be
     * finite: one bad weight silently turns every output it touches into NaN) with the tensor's
     * name and the element's index.
     */
    public float[] toFiniteFloats() {
        float[] a = toFloats();
        for (int i = 0; i < a.length; i++)
            if (!Float.isFinite(a[i]))
                throw new IllegalArgumentException("ONNX tensor '" + name + "' holds " + a[i] + " at element " + i
                        + " (dims " + java.util.Arrays.toString(dims) + "); model weights must be finite");
        return a;
    }

    /** The data as long integers (for shape / index constants). */
    public long[] toLongs() {
        int n = (int) count;
        if (values != null) return values.clone();
        long[] out = new long[n];
        if (floats != null) {
            for (int i = 0; i < n; i++) out[i] = (long) floats[i];
            return out;
        }
        ByteBuffer bb = ByteBuffer.wrap(raw, rawOffset, n * elementSize(name, dataType)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (dataType) {
                case FLOAT -> (long) bb.getFloat();
                case DOUBLE -> (long) bb.getDouble();
                case INT32 -> bb.getInt();
                default -> bb.getLong();
            };
        }
        return out;
    }

    @Override public String toString() { return name + typeName(dataType) + java.util.Arrays.toString(dims); }
}
