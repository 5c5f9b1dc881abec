package org.ncsparse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncsparse.testing.RandomInputs;
import org.ncsparse.testing.Seeds;

/** F16 and BF16 conversions against a double-precision rounding oracle, and exhaustive round trips. */
class HalfFloatsTest {
    /**
     * Round to nearest even with p significand bits (implicit bit included), subnormals from 2^emin
     * on with spacing 2^(emin - p + 1), and overflow to infinity from 2^(emax + 1) on. In double, x / ulp
     * is exact (ulp a power of two) and Math.rint breaks ties to even.
     */
    private static double oracle(float x, int p, int emin, int emax) {
        if (Float.isNaN(x) || Float.isInfinite(x) || x == 0) return x;
        int e = Math.max(Math.getExponent(x), emin);
        double ulp = Math.scalb(1.0, e - p + 1);
        double r = Math.rint(x / ulp) * ulp;
        if (Math.abs(r) >= Math.scalb(1.0, emax + 1)) return Math.copySign(Double.POSITIVE_INFINITY, x);
        return r == 0 ? Math.copySign(0.0, x) : r;
    }

    private static double f16(float x) { return oracle(x, 11, -14, 15); }
    private static double bf16(float x) { return oracle(x, 8, -126, 127); }

    private static void check(float x) {
        assertThat((double) HalfFloats.fromF16(HalfFloats.toF16(x))).as("F16 of %s (bits %08x)", x, Float.floatToRawIntBits(x)).isEqualTo(f16(x));
        assertThat((double) HalfFloats.fromBf16(HalfFloats.toBf16(x))).as("BF16 of %s (bits %08x)", x, Float.floatToRawIntBits(x)).isEqualTo(bf16(x));
    }

    @Test void randomFloatsRoundToNearestEven() {
        RandomInputs rnd = new RandomInputs(Seeds.fresh("halfRounding"));
        for (int i = 0; i < 200_000; i++) {
            float x = Float.intBitsToFloat((int) (long) (rnd.nextDouble() * 0x1p32)); // every exponent, sign and significand
            if (!Float.isNaN(x)) check(x);
            // and values of KV-cache size with significands at and around the rounding ties
            float y = (float) (rnd.gaussian() * Math.scalb(1.0, rnd.nextInt(40) - 20));
            int bits = Float.floatToRawIntBits(y);
            for (int low : new int[] {0x1000, 0x0FFF, 0x1001, 0x3000, 0x8000, 0x7FFF, 0x8001, 0x18000})
                check(Float.intBitsToFloat((bits & ~0x1FFFF) | low));
        }
    }

    @Test void specialValues() {
        for (float x : new float[] {0f, -0f, 1f, -1f, 65504f, 65519.99f, 65520f, -65520f, 1e5f, 0x1p-14f, 0x1p-24f, 3 * 0x1p-24f,
                0x1p-25f, 0x1.8p-25f, 0x1p-26f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 0x1.fep127f, 0x1.fdp127f}) check(x);
        assertThat(HalfFloats.fromF16(HalfFloats.toF16(65520f))).as("F16 overflow").isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(HalfFloats.fromF16(HalfFloats.toF16(65519f))).isEqualTo(65504f);
        assertThat(HalfFloats.fromF16(HalfFloats.toF16(0x1.8p-25f))).as("F16 subnormal, above the tie").isEqualTo(0x1p-24f);
        assertThat(HalfFloats.fromF16(HalfFloats.toF16(0x1p-25f))).as("F16 tie to even zero").isEqualTo(0f);
        assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(Float.MAX_VALUE))).as("BF16 overflow").isEqualTo(Float.POSITIVE_INFINITY);
        for (float inf : new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            assertThat(HalfFloats.fromF16(HalfFloats.toF16(inf))).isEqualTo(inf);
            assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(inf))).isEqualTo(inf);
        }
        for (int nanBits : new int[] {0x7FC00000, 0x7F800001, 0xFF800001, 0x7F80FFFF, 0x7FFFFFFF}) {
            float nan = Float.intBitsToFloat(nanBits);
            assertThat(HalfFloats.fromF16(HalfFloats.toF16(nan))).as("F16 NaN %08x", nanBits).isNaN();
            assertThat(HalfFloats.fromBf16(HalfFloats.toBf16(nan))).as("BF16 NaN %08x", nanBits).isNaN();
        }
        assertThat(Float.floatToRawIntBits(HalfFloats.fromBf16(HalfFloats.toBf16(-0f)))).isEqualTo(0x80000000);
    }

    /** Every 16-bit pattern that is a number converts to float32 and back to itself. */
    @Test void everyPatternRoundTrips() {
        for (int b = 0; b < 0x10000; b++) {
            short h = (short) b;
            float f = HalfFloats.fromF16(h), g = HalfFloats.fromBf16(h);
            if (Float.isNaN(f)) assertThat((b & 0x7C00) == 0x7C00 && (b & 0x3FF) != 0).as("F16 NaN pattern %04x", b).isTrue();
            else assertThat(HalfFloats.toF16(f)).as("F16 %04x", b).isEqualTo(h);
            if (Float.isNaN(g)) assertThat(HalfFloats.toBf16(g) & 0x7FC0).as("BF16 NaN %04x stays NaN", b).isEqualTo(0x7FC0);
            else assertThat(HalfFloats.toBf16(g)).as("BF16 %04x", b).isEqualTo(h);
        }
    }

    @Test void storageRoundsAsItsType() {
        assertThat(KvStorage.F32.round(0.1f)).isEqualTo(0.1f);
        assertThat(KvStorage.F16.round(0.1f)).isEqualTo((float) f16(0.1f));
        assertThat(KvStorage.BF16.round(0.1f)).isEqualTo((float) bf16(0.1f));
        assertThat(KvStorage.F16.bytes() * 2).isEqualTo(KvStorage.F32.bytes());
        RandomInputs rnd = new RandomInputs(Seeds.fresh("unitRoundoff"));
        for (KvStorage s : KvStorage.values())
            for (int i = 0; i < 10_000; i++) {
                float x = (float) (rnd.gaussian() * 100);
                if (Math.abs(x) < 1e-3) continue; // F16 normal range
                assertThat(Math.abs(s.round(x) - (double) x)).as("%s of %s", s, x).isLessThanOrEqualTo(s.unitRoundoff() * Math.abs(x));
            }
    }
}
