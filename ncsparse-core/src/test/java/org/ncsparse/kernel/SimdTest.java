package org.ncsparse.kernel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The width {@link Simd} picks is the one the build asked for (CI runs the suite at several widths). */
class SimdTest {

    @Test
    void honoursTheRequestedWidth() {
        int asked = Simd.requested(System.getProperty(Simd.PROPERTY));
        int preferred = org.ncsparse.kernel.vector.WidthProbe.preferredBits();
        int expected = asked < 0 ? preferred : Math.min(asked, preferred);
        assertThat(Simd.vectorBits()).as("Simd width for %s=%s", Simd.PROPERTY, System.getProperty(Simd.PROPERTY)).isEqualTo(expected);
        if (Simd.vectorized()) assertThat(org.ncsparse.kernel.vector.Vec.S.vectorBitSize()).isEqualTo(Simd.vectorBits());
        System.out.println("SIMD: " + Simd.describe());
    }

    @Test
    void refusesWidthsItCannotUse() {
        assertThat(Simd.requested("384")).isEqualTo(-1);
        assertThat(Simd.requested("wide")).isEqualTo(-1);
        assertThat(Simd.requested(null)).isEqualTo(-1);
        assertThat(Simd.requested(" 256 ")).isEqualTo(256);
        assertThat(Simd.requested("0")).isZero();
    }
}
