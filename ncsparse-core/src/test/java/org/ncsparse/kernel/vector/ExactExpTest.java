package org.ncsparse.kernel.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.ncsparse.kernel.Simd;

/** exp and exp2 of ExactExp against Math.exp / Math.pow in double, on random and edge arguments. */
class ExactExpTest {

    /** Relative error bounds the functions document (polynomial, reduction and float evaluation). */
    static final double REL = 2e-7, REL_EXP = 3e-7;

    @Test
    void exp2IsAccurateWhereTheResultIsNormalAndZeroBelow() {
        assumeTrue(Simd.vectorized(), "plain Java build: no vector exp");
        long seed = System.nanoTime();
        System.out.println("ExactExpTest seed " + seed);
        Random rnd = new Random(seed);
        float[] x = new float[Vec.L], y = new float[Vec.L];
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < x.length; i++) x[i] = round % 2 == 0 ? -rnd.nextFloat() * 130f : -rnd.nextFloat();
            ExactExp.exp2(FloatVector.fromArray(Vec.S, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double want = Math.pow(2, x[i]);
                if (x[i] < -127f) assertThat(y[i]).as("2^%s (seed %d)", x[i], seed).isZero();
                else if (x[i] > -125f)
                    assertThat(Math.abs(y[i] - want) / want).as("2^%s (seed %d)", x[i], seed).isLessThanOrEqualTo(REL);
            }
        }
    }

    @Test
    void exp2EdgesAreExact() {
        assumeTrue(Simd.vectorized(), "plain Java build: no vector exp");
        float[] x = new float[Vec.L], y = new float[Vec.L];
        float[] edges = {0f, -1f, -2f, -10f, -126f, Float.NEGATIVE_INFINITY, -1000f, -0.5f};
        for (int i = 0; i < x.length; i++) x[i] = edges[i % edges.length];
        ExactExp.exp2(FloatVector.fromArray(Vec.S, x, 0)).intoArray(y, 0);
        for (int i = 0; i < x.length; i++) {
            float e = x[i];
            if (e == 0f || e == -1f || e == -2f || e == -10f || e == -126f) assertThat(y[i]).as("2^%s", e).isEqualTo((float) Math.pow(2, e));
            else if (e < -127f) assertThat(y[i]).as("2^%s", e).isZero();
            else assertThat(Math.abs(y[i] - Math.pow(2, e)) / Math.pow(2, e)).as("2^%s", e).isLessThanOrEqualTo(REL);
        }
    }

    @Test
    void expAgreesWithMathExp() {
        assumeTrue(Simd.vectorized(), "plain Java build: no vector exp");
        long seed = System.nanoTime();
        System.out.println("ExactExpTest seed " + seed);
        Random rnd = new Random(seed);
        float[] x = new float[Vec.L], y = new float[Vec.L];
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < x.length; i++) x[i] = -rnd.nextFloat() * 87f;
            ExactExp.exp(FloatVector.fromArray(Vec.S, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double want = Math.exp(x[i]);
                assertThat(Math.abs(y[i] - want) / want).as("e^%s (seed %d)", x[i], seed).isLessThanOrEqualTo(REL_EXP);
            }
        }
    }
}
