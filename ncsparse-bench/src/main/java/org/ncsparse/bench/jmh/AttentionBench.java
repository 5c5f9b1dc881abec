package org.ncsparse.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.bench.PeerWorkload;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.AttentionKernel;
import org.ncsparse.kernel.KernelProvider;
import org.ncsparse.kernel.ReferenceKernel;
import org.ncsparse.kernel.ScalarKernel;
import org.ncsparse.kernel.vector.VectorKernel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dense and top-k attention, one head, m = n: kernel x budget x n x d x causal x threads. The
 * whole grid takes hours; pick with -p, e.g. {@code -p n=4096 -p d=64 -p budget=exact,power:1;0.5}.
 * {@code @Setup} checks the timed kernel against the double-precision reference on the first and
 * last 16 query rows before anything is timed (the OpenJDK Vector API benchmarks' habit).
 * Time 256-bit vectors with {@code -jvmArgsAppend -Dncsparse.vector.bits=256}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AttentionBench {
    @Param({"1024", "4096", "16384", "65536"}) public int n;
    @Param({"64", "128"}) public int d;
    @Param({"false", "true"}) public boolean causal;
    @Param({"1", "2"}) public int threads;
    @Param({"vector", "scalar"}) public String kernel;
    /** Budget spec with ';' for ',' (JMH splits -p values at commas): power:1;0.5 = alpha 1, C 0.5. */
    @Param({"exact", "power:1;0.5", "fixed:64", "mass:0.05"}) public String budget;

    private AttentionRequest request;
    private float[] out;

    @Setup
    public void setup() {
        AttentionKernel k = switch (kernel) {
            case "vector" -> VectorKernel.INSTANCE;
            case "scalar" -> ScalarKernel.INSTANCE;
            case "reference" -> ReferenceKernel.INSTANCE;
            default -> throw new IllegalArgumentException("kernel must be vector, scalar or reference, got " + kernel);
        };
        BudgetPolicy policy = budget.equals("exact") ? null : BudgetPolicy.parse(budget.replace(';', ','));
        request = new PeerWorkload(n, d, causal, threads).request(k, policy, 42);
        out = new float[request.outputLength()];
        checkAgainstReference(request, k, 0, Math.min(n, 16));
        checkAgainstReference(request, k, Math.max(0, n - 16), n);
        if (kernel.equals("vector") && KernelProvider.best() != VectorKernel.INSTANCE)
            throw new IllegalStateException("Vector API kernel not picked by the provider; run with --add-modules jdk.incubator.vector");
    }

    static void checkAgainstReference(AttentionRequest r, AttentionKernel k, int r0, int r1) {
        float[] a = new float[r.outputLength()], b = new float[r.outputLength()];
        ReferenceKernel.INSTANCE.compute(r, 0, r0, r1, a);
        k.compute(r, 0, r0, r1, b);
        double err = 0, scale = 1e-30;
        for (int i = r0 * r.dv(); i < r1 * r.dv(); i++) { err = Math.max(err, Math.abs(a[i] - b[i])); scale = Math.max(scale, Math.abs(a[i])); }
        if (err / scale > 1e-4)
            throw new IllegalStateException(k.name() + " disagrees with the reference on rows [" + r0 + ", " + r1 + "): relative error " + err / scale);
    }

    @Benchmark
    public float[] attention() {
        Attention.compute(request, out);
        return out;
    }
}
