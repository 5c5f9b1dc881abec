package org.ncsparse.model.dump;

import java.nio.ByteBuffer;

/** Element types of dumped tensors; all are read as float32. */
public enum DType {
    F32(4), F16(2), BF16(2);

    public final int size;

    DType(int size) { this.size = size; }

    /** Reads one little-endian element at the buffer's position. */
    float read(ByteBuffer b) {
        return switch (this) {
            case F32 -> b.getFloat();
            case F16 -> Float.float16ToFloat(b.getShort());
            case BF16 -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
        };
    }

    /** Writes one element (F16/BF16 round to nearest even). */
    void write(ByteBuffer b, float v) {
        switch (this) {
            case F32 -> b.putFloat(v);
            case F16 -> b.putShort(Float.floatToFloat16(v));
            case BF16 -> {
                int bits = Float.floatToRawIntBits(v);
                if (Float.isNaN(v)) { b.putShort((short) ((bits >>> 16) | 0x40)); return; }
                int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
                b.putShort((short) (rounded >>> 16));
            }
        }
    }
}
