package org.ncsparse.bench;

import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.kernel.KernelProvider;

/** Developer probe: java ... QuickProbe n d causal threads [budget]; prints ms and GFLOP/s. */
public final class QuickProbe {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]), d = Integer.parseInt(a[1]), th = Integer.parseInt(a[3]);
        Workload w = new Workload(n, d, Boolean.parseBoolean(a[2]), th);
        BudgetPolicy b = a.length > 4 ? BudgetPolicy.parse(a[4]) : null;
        AttentionRequest r = w.request(KernelProvider.best(), b, 1);
        float[] out = new float[r.outputLength()];
        double peak = FmaPeak.singleThreadGflops(5);
        double ms = Timer.medianMs(() -> Attention.compute(r, out), 2000, 7);
        System.out.printf("%s n=%d d=%d causal=%s threads=%d budget=%s: %.2f ms, %.1f GFLOP/s, peak1=%.1f (%.0f%%)%n",
                KernelProvider.best().name(), n, d, a[2], th, b == null ? "exact" : b.spec(), ms, w.flops() / ms / 1e6, peak, 100 * w.flops() / ms / 1e6 / peak);
    }
}
