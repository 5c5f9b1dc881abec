package org.ncsparse.cache;

/**
 * Conversions between float32 and the two 16-bit float formats, round to nearest even.
 * F16 uses the JDK's {@link Float#floatToFloat16} / {@link Float#float16ToFloat} (intrinsics on
 * CPUs with F16C). BF16 is the upper half of the binary32 bits: rounding adds 0x7FFF plus the lowest
 * kept bit before truncating, which rounds to nearest with ties to even and carries into the
 * exponent (so values above the largest BF16, about 3.39e38, become infinity, as IEEE rounding does).
 */
public final class HalfFloats {
    private HalfFloats() {}

    public static short toF16(float x) { return Float.floatToFloat16(x); }

    public static float fromF16(short bits) { return Float.float16ToFloat(bits); }

    public static short toBf16(float x) {
        int b = Float.floatToRawIntBits(x);
        if (Float.isNaN(x)) return (short) ((b >>> 16) | 0x0040); // keep sign and payload top, force quiet
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    public static float fromBf16(short bits) { return Float.intBitsToFloat(bits << 16); }
}
