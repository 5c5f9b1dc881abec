package org.ncsparse.model.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.Vec;

/**
 * Vector API decoders at the width {@code Simd} chose: weights are widened lane-wise straight from the
 * mapped segment (F16 and BF16 by integer bit manipulation, int8 and 4-bit codes by a byte-to-float
 * conversion) and multiplied into the accumulators, so no decoded copy of the row is written.
 */
final class VectorDecoders {
    private VectorDecoders() {}

    private static final VectorSpecies<Float> S = Vec.S;
    private static final int L = S.length();
    /** Shorts and ints with as many lanes as S. */
    private static final VectorSpecies<Short> SH = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    /** 16 bytes: one Q4_0 block's codes, or half a Q8_0 block. */
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /** Float vectors per 16 bytes. */
    private static final int PARTS = 16 / L;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static RowDecoder of(TensorType type) {
        return switch (type) {
            case F32 -> new F32();
            case F16 -> new F16();
            case BF16 -> new Bf16();
            case Q8_0 -> new Q80();
            case Q4_0 -> new Q40();
        };
    }

    /** L halves → floats: |h| << 13 is a float whose value is |h|·2^-112 for normal and subnormal halves; Inf/NaN get an all-ones exponent. */
    static FloatVector f16(MemorySegment seg, long off) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SH, seg, off, LE).convertShape(VectorOperators.S2I, SI, 0);
        IntVector mag = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector finite = mag.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        IntVector bits = finite.blend(mag.or(0x7F800000), mag.compare(VectorOperators.GE, 0x7C00 << 13));
        return bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    static FloatVector bf16(MemorySegment seg, long off) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(SH, seg, off, LE).convertShape(VectorOperators.S2I, SI, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /**
     * Σ of the lanes, left to right. reduceLanes(ADD) may sum in any order (and the interpreter and
     * C2 differ), which would make results depend on which thread ran a block and when it was compiled.
     */
    static float sum(FloatVector v) {
        float s = 0;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    /** Part p of 16 int8 lanes as floats. */
    private static FloatVector part(ByteVector b, int p) {
        return (FloatVector) b.convertShape(VectorOperators.B2F, S, p);
    }

    static final class F32 implements RowDecoder {
        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            MemorySegment.copy(seg, PlainDecoders.F32, off, dst, dOff, n);
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j + L <= n; j += L)
                acc = FloatVector.fromMemorySegment(S, seg, off + 4L * j, LE).fma(FloatVector.fromArray(S, x, xOff + j), acc);
            float s = sum(acc);
            for (; j < n; j++) s += seg.get(PlainDecoders.F32, off + 4L * j) * x[xOff + j];
            return s;
        }
    }

    /** 16-bit floats: only the widening of L stored halves differs between F16 and BF16. */
    abstract static class Half implements RowDecoder {
        abstract FloatVector load(MemorySegment seg, long off);
        abstract float scalar(MemorySegment seg, long off);

        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            int j = 0;
            for (; j + L <= n; j += L) load(seg, off + 2L * j).intoArray(dst, dOff + j);
            for (; j < n; j++) dst[dOff + j] = scalar(seg, off + 2L * j);
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j + L <= n; j += L) acc = load(seg, off + 2L * j).fma(FloatVector.fromArray(S, x, xOff + j), acc);
            float s = sum(acc);
            for (; j < n; j++) s += scalar(seg, off + 2L * j) * x[xOff + j];
            return s;
        }
    }

    static final class F16 extends Half {
        @Override FloatVector load(MemorySegment seg, long off) { return f16(seg, off); }
        @Override float scalar(MemorySegment seg, long off) { return PlainDecoders.f16(seg, off); }
    }

    static final class Bf16 extends Half {
        @Override FloatVector load(MemorySegment seg, long off) { return bf16(seg, off); }
        @Override float scalar(MemorySegment seg, long off) { return PlainDecoders.bf16(seg, off); }
    }

    /** Q8_0: the 32 codes are two 16-byte vectors, each widened part by part. */
    static final class Q80 implements RowDecoder {
        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            for (int b = 0; b < n; b += 32, off += 34) {
                float d = PlainDecoders.f16(seg, off);
                for (int h = 0; h < 2; h++) {
                    ByteVector q = ByteVector.fromMemorySegment(B16, seg, off + 2 + 16 * h, LE);
                    for (int p = 0; p < PARTS; p++) part(q, p).mul(d).intoArray(dst, dOff + b + 16 * h + p * L);
                }
            }
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            FloatVector acc = FloatVector.zero(S);
            for (int b = 0; b < n; b += 32, off += 34) {
                FloatVector block = FloatVector.zero(S);
                for (int h = 0; h < 2; h++) {
                    ByteVector q = ByteVector.fromMemorySegment(B16, seg, off + 2 + 16 * h, LE);
                    for (int p = 0; p < PARTS; p++)
                        block = part(q, p).fma(FloatVector.fromArray(S, x, xOff + b + 16 * h + p * L), block);
                }
                acc = block.fma(FloatVector.broadcast(S, PlainDecoders.f16(seg, off)), acc);
            }
            return sum(acc);
        }
    }

    /** Q4_0: low nibbles are weights 0..15, high nibbles 16..31, both minus 8. */
    static final class Q40 implements RowDecoder {
        private static ByteVector low(ByteVector q) { return q.and((byte) 0x0F).sub((byte) 8); }
        private static ByteVector high(ByteVector q) { return q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F).sub((byte) 8); }

        @Override public void decode(MemorySegment seg, long off, int n, float[] dst, int dOff) {
            for (int b = 0; b < n; b += 32, off += 18) {
                float d = PlainDecoders.f16(seg, off);
                ByteVector q = ByteVector.fromMemorySegment(B16, seg, off + 2, LE);
                ByteVector lo = low(q), hi = high(q);
                for (int p = 0; p < PARTS; p++) {
                    part(lo, p).mul(d).intoArray(dst, dOff + b + p * L);
                    part(hi, p).mul(d).intoArray(dst, dOff + b + 16 + p * L);
                }
            }
        }
        @Override public float dot(MemorySegment seg, long off, int n, float[] x, int xOff) {
            FloatVector acc = FloatVector.zero(S);
            for (int b = 0; b < n; b += 32, off += 18) {
                ByteVector q = ByteVector.fromMemorySegment(B16, seg, off + 2, LE);
                ByteVector lo = low(q), hi = high(q);
                FloatVector block = FloatVector.zero(S);
                for (int p = 0; p < PARTS; p++) {
                    block = part(lo, p).fma(FloatVector.fromArray(S, x, xOff + b + p * L), block);
                    block = part(hi, p).fma(FloatVector.fromArray(S, x, xOff + b + 16 + p * L), block);
                }
                acc = block.fma(FloatVector.broadcast(S, PlainDecoders.f16(seg, off)), acc);
            }
            return sum(acc);
        }
    }
}
