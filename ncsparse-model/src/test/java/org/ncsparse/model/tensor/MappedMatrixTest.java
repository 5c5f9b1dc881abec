package org.ncsparse.model.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncsparse.kernel.Simd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every stored type: decoding exact, matVec and matMul within the summation bound of the double reference. */
class MappedMatrixTest {
    private static final int[] FLOAT_COLS = {1, 3, 7, 16, 17, 33, 64, 100, 257};
    private static final int[] BLOCK_COLS = {32, 64, 96, 160, 288};

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void productsMatchTheDoubleReference(TensorType type) {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        String ctx = type + " seed " + seed + " (" + Simd.describe() + ")";
        int[] colsList = type.blockSize == 1 ? FLOAT_COLS : BLOCK_COLS;
        try (Arena arena = Arena.ofShared()) {
            for (int ci = 0; ci < colsList.length; ci++) {
                int cols = colsList[ci];
                int rows = 1 + rnd.nextInt(70);
                RandomWeights.Stored st = RandomWeights.of(type, rows, cols, rnd);
                MemorySegment seg = arena.allocate(st.bytes().length + 3L).asSlice(3); // deliberately unaligned
                MemorySegment.copy(st.bytes(), 0, seg, ValueLayout.JAVA_BYTE, 0, st.bytes().length);
                MappedMatrix w = new MappedMatrix("w", type, rows, cols, seg);

                float[] row = new float[cols + 2];
                for (int r = 0; r < rows; r++) {
                    w.row(r, row, 2);
                    for (int c = 0; c < cols; c++)
                        assertThat(row[2 + c]).as("%s row %d col %d", ctx, r, c).isEqualTo(st.values()[r * cols + c]);
                }

                int tileM = MappedMatrix.tileMinM() > 0 ? MappedMatrix.tileMinM() : 10;  // row-at-a-time, 4 x 4 dot tile, and input-tile paths (m not a multiple of the vector)
                int m = switch (ci % 3) { case 0 -> 1 + rnd.nextInt(3); case 1 -> 4 + rnd.nextInt(6); default -> tileM + rnd.nextInt(tileM + 2); };
                float[] x = new float[1 + m * cols];
                for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
                float[] yv = new float[rows + 1];
                w.matVec(x, 1, yv, 1, 0, rows);
                for (int threads : new int[] {1, 2, 3}) {
                    float[] y = new float[m * rows + 5];
                    w.matMul(x, 1, m, y, 5, threads);
                    for (int i = 0; i < m; i++)
                        for (int r = 0; r < rows; r++) {
                            double ref = 0, abs = 0;
                            for (int c = 0; c < cols; c++) {
                                double p = (double) st.values()[r * cols + c] * x[1 + i * cols + c];
                                ref += p;
                                abs += Math.abs(p);
                            }
                            double tol = RandomWeights.dotTolerance(cols, abs);
                            assertThat((double) y[5 + i * rows + r]).as("%s matMul m=%d threads=%d i=%d r=%d cols=%d", ctx, m, threads, i, r, cols).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                            if (i == 0) assertThat((double) yv[1 + r]).as("%s matVec r=%d cols=%d", ctx, r, cols).isCloseTo(ref, org.assertj.core.data.Offset.offset(tol));
                        }
                }
                MappedMatrix f32 = w.dequantised();
                assertThat(f32.type()).isEqualTo(TensorType.F32);
                float[] back = new float[cols];
                f32.row(rows - 1, back, 0);
                for (int c = 0; c < cols; c++) assertThat(back[c]).as(ctx).isEqualTo(st.values()[(rows - 1) * cols + c]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TensorType.class)
    void largeProductsSpreadOverThreadsAgree(TensorType type) {
        long seed = new Random().nextLong();
        Random rnd = new Random(seed);
        int rows = 300, cols = 512;
        RandomWeights.Stored st = RandomWeights.of(type, rows, cols, rnd);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(st.bytes().length);
            MemorySegment.copy(st.bytes(), 0, seg, ValueLayout.JAVA_BYTE, 0, st.bytes().length);
            MappedMatrix w = new MappedMatrix("big", type, rows, cols, seg);
            for (int m : new int[] {6, Math.max(10, MappedMatrix.tileMinM() + 1)}) {  // dot tiles and input tiles
                float[] x = new float[m * cols];
                for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
                float[] y1 = new float[m * rows], y2 = new float[m * rows];
                w.matMul(x, 0, m, y1, 0, 1);
                w.matMul(x, 0, m, y2, 0, 2);
                // the same kernels run on each row block whichever thread takes it: bitwise equal
                assertThat(y2).as("%s m %d seed %d", type, m, seed).isEqualTo(y1);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void badArgumentsAreRefusedWithTheirNames() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(4L * 6);
            assertThatThrownBy(() -> new MappedMatrix("t", TensorType.F32, 2, 4, seg)).hasMessageContaining("'t'").hasMessageContaining("needs 32 bytes");
            assertThatThrownBy(() -> new MappedMatrix("q", TensorType.Q8_0, 1, 16, seg)).hasMessageContaining("multiple of 32");
            MappedMatrix w = new MappedMatrix("t", TensorType.F32, 2, 3, seg);
            assertThatThrownBy(() -> w.matVec(new float[2], 0, new float[2], 0, 0, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
            assertThatThrownBy(() -> w.matVec(new float[3], 0, new float[2], 0, 1, 3)).hasMessageContaining("row range");
            assertThatThrownBy(() -> w.matMul(new float[6], 0, 2, new float[3], 0, 1)).hasMessageContaining("y");
            assertThatThrownBy(() -> w.matMul(new float[6], 0, 2, new float[4], 0, 0)).hasMessageContaining("threads");
            assertThatThrownBy(() -> w.row(2, new float[3], 0)).hasMessageContaining("r must be");
        }
    }
}
