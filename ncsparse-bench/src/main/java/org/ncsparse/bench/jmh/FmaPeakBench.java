package org.ncsparse.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.ncsparse.bench.FmaPeak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fp32 FMA peak of one thread in the same JMH run as the kernels, so "% of peak" is taken on the
 * same machine state: {@link FmaPeak}'s 12 independent FMA chains, no memory traffic. The score is in
 * FMA-vector operations per microsecond; GFLOP/s = score x 2 x lanes / 1000 (lanes = 16 at 512 bits).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class FmaPeakBench {
    private static final long ITERS = 100_000;

    @Benchmark
    @OperationsPerInvocation(12 * 100_000)
    public float fmaChains() {
        return FmaPeak.kernel(ITERS);
    }
}
