package org.ncsparse.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ncsparse.bench.FmaPeak;
import org.ncsparse.kernel.Simd;
import org.ncsparse.model.tensor.MappedMatrix;
import org.ncsparse.model.tensor.TensorType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Y = X·Wᵀ with W stored as F32, F16, BF16, Q8_0 or Q4_0 (a 2048 × 2048 projection of a
 * Llama-3.2-1B-sized model), two ways: {@code layout=inmatmul} decodes the stored blocks inside the
 * product (what the model loaders do), {@code layout=atload} decodes the whole matrix to F32 once and
 * multiplies that (4 bytes per weight in memory instead of 0.56 for Q4_0). m = 1 is a decode step,
 * m = 16 a prefill row block. {@code @Setup} checks both layouts against each other and prints the
 * machine's single-thread FMA peak, measured in the same run.
 * E.g. {@code bin/ncsparse bench --jmh WeightMatrixBench -p type=Q8_0,Q4_0 -p m=1,16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WeightMatrixBench {
    @Param({"F32", "F16", "BF16", "Q8_0", "Q4_0"}) public String type;
    @Param({"inmatmul", "atload"}) public String layout;
    @Param({"1", "16"}) public int m;
    @Param({"2048"}) public int rows;
    @Param({"2048"}) public int cols;
    @Param({"1"}) public int threads;

    private Arena arena;
    private MappedMatrix w;
    private float[] x, y;

    @Setup
    public void setup() {
        TensorType t = TensorType.valueOf(type);
        arena = Arena.ofShared();
        MappedMatrix stored = new MappedMatrix("w", t, rows, cols, randomWeights(t, rows, cols, arena, new Random(7)));
        w = layout.equals("atload") ? stored.dequantised() : stored;
        x = new float[m * cols];
        y = new float[m * rows];
        Random r = new Random(8);
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        float[] other = new float[m * rows];
        (w == stored ? stored.dequantised() : stored).matMul(x, 0, m, other, 0, threads);
        w.matMul(x, 0, m, y, 0, threads);
        double err = 0, norm = 1e-30;
        for (int i = 0; i < y.length; i++) { err = Math.max(err, Math.abs(y[i] - other[i])); norm = Math.max(norm, Math.abs(other[i])); }
        if (!(err / norm < 1e-4)) throw new IllegalStateException(type + " " + layout + ": the two layouts disagree, relative error " + err / norm);
        System.out.printf("%n# %s; single-thread FMA peak %.1f GFLOP/s (measured now)%n", Simd.describe(), FmaPeak.singleThreadGflops(3));
    }

    @TearDown
    public void tearDown() { arena.close(); }

    @Benchmark
    public float[] product() {
        w.matMul(x, 0, m, y, 0, threads);
        return y;
    }

    /** Random stored weights: Gaussian floats, or random codes with small F16 scales. */
    public static MemorySegment randomWeights(TensorType t, int rows, int cols, Arena arena, Random r) {
        long n = (long) rows * cols;
        MemorySegment seg = arena.allocate(t.bytes(n), 64);
        ValueLayout.OfShort half = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        switch (t) {
            case F32 -> { for (long i = 0; i < n; i++) seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4 * i, (float) r.nextGaussian()); }
            case F16 -> { for (long i = 0; i < n; i++) seg.set(half, 2 * i, Float.floatToFloat16((float) r.nextGaussian())); }
            case BF16 -> { for (long i = 0; i < n; i++) seg.set(half, 2 * i, (short) (Float.floatToRawIntBits((float) r.nextGaussian()) >>> 16)); }
            case Q8_0, Q4_0 -> {
                byte[] codes = new byte[(int) seg.byteSize()];
                r.nextBytes(codes);
                MemorySegment.copy(codes, 0, seg, ValueLayout.JAVA_BYTE, 0, codes.length);
                for (long b = 0; b < n / 32; b++) seg.set(half, b * t.blockBytes, Float.floatToFloat16((float) (0.01 * r.nextDouble())));
            }
        }
        return seg;
    }
}
