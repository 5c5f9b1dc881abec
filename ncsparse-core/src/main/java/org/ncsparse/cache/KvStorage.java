package org.ncsparse.cache;

/**
 * Element type of a {@link PagedKvCache}'s keys and values. The half types store 16 bits per element
 * (half the memory and memory traffic of F32); the cache keeps the rounded values, and everything
 * that reads it (decode attention, page bounds, prefill) works on those rounded values in float32.
 * <ul>
 *   <li>F32: IEEE binary32, stored as is.</li>
 *   <li>F16: IEEE binary16 (11-bit significand, relative rounding error &le; 2^-11; largest finite
 *       65504, normal range from 2^-14, subnormals down to 2^-24); finite values above 65504 in
 *       magnitude round to infinity and are refused by the cache.</li>
 *   <li>BF16: the upper 16 bits of binary32, rounded to nearest even (8-bit significand, relative
 *       error &le; 2^-8, the float32 exponent range).</li>
 * </ul>
 */
public enum KvStorage {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    KvStorage(int bytes) { this.bytes = bytes; }

    /** Bytes per stored element. */
    public int bytes() { return bytes; }

    /** True for the 16-bit types (pages are {@code short[]}). */
    public boolean half() { return this != F32; }

    /** Unit roundoff u: |round(x) - x| &le; u |x| for x in the normal range (0 for F32, stored exactly). */
    public double unitRoundoff() {
        return switch (this) {
            case F32 -> 0;
            case F16 -> 0x1p-11;
            case BF16 -> 0x1p-8;
        };
    }

    /** The 16-bit pattern of x (half types only). */
    public short encode(float x) {
        return switch (this) {
            case F16 -> HalfFloats.toF16(x);
            case BF16 -> HalfFloats.toBf16(x);
            case F32 -> throw new IllegalStateException("F32 is not a 16-bit type");
        };
    }

    /** The float32 value of a 16-bit pattern (half types only). */
    public float decode(short bits) {
        return switch (this) {
            case F16 -> HalfFloats.fromF16(bits);
            case BF16 -> HalfFloats.fromBf16(bits);
            case F32 -> throw new IllegalStateException("F32 is not a 16-bit type");
        };
    }

    /** x as this type stores it, back in float32. */
    public float round(float x) { return this == F32 ? x : decode(encode(x)); }
}
