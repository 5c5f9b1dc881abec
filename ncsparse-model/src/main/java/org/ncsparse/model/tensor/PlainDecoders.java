package org.ncsparse.model.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Plain-Java decoders (little-endian, any alignment): the path used when SIMD is off, and the exact one. */
final class PlainDecoders {
    private PlainDecoders() {}

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static RowDecoder of(TensorType type) {
        return switch (type) {
            case F32 -> new F32Decoder();
            case F16 -> new F16Decoder();
            case BF16 -> new Bf16Decoder();
            case Q8_0 -> new Q80Decoder();
            case Q4_0 -> new Q40Decoder();
        };
    }

    static float f16(MemorySegment seg, long off) { return Float.float16ToFloat(seg.get(U16, off)); }

    /** bfloat16 is the upper half of a float32. */
    static float bf16(MemorySegment seg, long off) { return Float.intBitsToFloat((seg.get(U16, off) & 0xFFFF) << 16); }

    static final class F32Decoder implements RowDecoder {
        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            MemorySegment.copy(seg, F32, off, dst, dOff, n);
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            float s = 0;
            for (int j = 0; j < n; j++) s += seg.get(F32, off + 4L * j) * x[xOff + j];
            return s;
        }
    }

    /** 16-bit floats: F16 and BF16 differ only in how one stored half widens. */
    abstract static class HalfDecoder implements RowDecoder {
        abstract float load(MemorySegment seg, long off);

        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            for (int j = 0; j < n; j++) dst[dOff + j] = load(seg, off + 2L * j);
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            float s = 0;
            for (int j = 0; j < n; j++) s += load(seg, off + 2L * j) * x[xOff + j];
            return s;
        }
    }

    static final class F16Decoder extends HalfDecoder {
        @Override float load(MemorySegment seg, long off) { return f16(seg, off); }
    }

    static final class Bf16Decoder extends HalfDecoder {
        @Override float load(MemorySegment seg, long off) { return bf16(seg, off); }
    }

    /** Q8_0 block (34 bytes): F16 scale d, then 32 int8 q; w = q·d. */
    static final class Q80Decoder implements RowDecoder {
        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            for (int b = 0; b < n; b += 32, off += 34) {
                float d = f16(seg, off);
                for (int j = 0; j < 32; j++) dst[dOff + b + j] = seg.get(ValueLayout.JAVA_BYTE, off + 2 + j) * d;
            }
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            float s = 0;
            for (int b = 0; b < n; b += 32, off += 34) {
                float block = 0;
                for (int j = 0; j < 32; j++) block += seg.get(ValueLayout.JAVA_BYTE, off + 2 + j) * x[xOff + b + j];
                s += block * f16(seg, off);
            }
            return s;
        }
    }

    /**
     * Q4_0 block (18 bytes): F16 scale d, then 16 bytes; byte j holds weight j in its low nibble and
     * weight j + 16 in its high nibble, each stored as q + 8 with q in [-8, 7]; w = q·d.
     */
    static final class Q40Decoder implements RowDecoder {
        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            for (int b = 0; b < n; b += 32, off += 18) {
                float d = f16(seg, off);
                for (int j = 0; j < 16; j++) {
                    int q = seg.get(ValueLayout.JAVA_BYTE, off + 2 + j);
                    dst[dOff + b + j] = ((q & 0x0F) - 8) * d;
                    dst[dOff + b + j + 16] = (((q >> 4) & 0x0F) - 8) * d;
                }
            }
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            float s = 0;
            for (int b = 0; b < n; b += 32, off += 18) {
                float block = 0;
                for (int j = 0; j < 16; j++) {
                    int q = seg.get(ValueLayout.JAVA_BYTE, off + 2 + j);
                    block += ((q & 0x0F) - 8) * x[xOff + b + j] + (((q >> 4) & 0x0F) - 8) * x[xOff + b + j + 16];
                }
                s += block * f16(seg, off);
            }
            return s;
        }
    }
}
