package org.ncsparse.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ncsparse.attention.Attention;
import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.budget.BudgetPolicy;
import org.ncsparse.metrics.KeptMassCollector;
import org.ncsparse.metrics.SpectralNorm;

/** The lab's per-row measurements against brute force and against the core library. */
class RowProfileTest {

    @Test void metricsMatchBruteForce() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 300;
        RowProfile prof = new RowProfile(n);
        double[] z = prof.logitBuffer();
        for (int j = 0; j < n; j++) z[j] = 3 * rnd.nextGaussian();
        prof.compute(40);
        double[] p = new double[n];
        double max = Arrays.stream(z).max().orElseThrow(), tot = 0;
        for (int j = 0; j < n; j++) { p[j] = Math.exp(z[j] - max); tot += p[j]; }
        for (int j = 0; j < n; j++) p[j] /= tot;
        int[] top = prof.topIndices(40);
        for (int k : new int[] {1, 5, 17, 40}) {
            boolean[] kept = new boolean[n];
            double keptMass = 0;
            for (int i = 0; i < k; i++) { kept[top[i]] = true; keptMass += p[top[i]]; }
            double tau = 1 - keptMass, l1 = 0, l2 = 0;
            for (int j = 0; j < n; j++) {
                double pp = kept[j] ? p[j] / keptMass : 0;
                l1 += Math.abs(pp - p[j]); l2 += (pp - p[j]) * (pp - p[j]);
            }
            assertThat(prof.tau(k)).isCloseTo(tau, within(1e-12));
            assertThat(l1).isCloseTo(2 * prof.tau(k), within(1e-12)); // ||p'-p||_1 = 2 tau
            assertThat(prof.l2ErrorSq(k)).isCloseTo(l2, within(1e-12));
            // top indices really are the k largest
            double minKept = Double.POSITIVE_INFINITY, maxDropped = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) if (kept[j]) minKept = Math.min(minKept, z[j]); else maxDropped = Math.max(maxDropped, z[j]);
            assertThat(minKept).isGreaterThan(maxDropped);
        }
        for (double eps : new double[] {1e-2, 1e-3, 1e-4}) {
            long count = Arrays.stream(p).filter(v -> v >= eps).count();
            assertThat(prof.sEps(eps)).isEqualTo((int) count);
        }
        int km = prof.kMass(0.1);
        assertThat(prof.tau(km)).isLessThanOrEqualTo(0.1);
        assertThat(prof.tau(km - 1)).isGreaterThan(0.1);
        double h = 0; for (double v : p) h -= v * Math.log(v);
        assertThat(prof.effectiveSupport()).isCloseTo(Math.exp(h), within(1e-9));
    }

    /** Dropped mass and output error agree with core's Attention.sparse (float kernel, observer for kept mass). */
    @Test void agreesWithCoreSparseAttention() {
        int n = 512, d = 16, dv = 8, rows = 4;
        Workload w = Workload.gaussian(d, dv);
        RowBatch batch = w.draw(9, n, rows);
        // rebuild the same Q, K, V as floats for core
        java.util.SplittableRandom rk = Workload.random(9, n, 0), rq = Workload.random(9, n, 1), rv = Workload.random(9, n, 2);
        float[] k = new float[n * d], q = new float[rows * d], v = new float[n * dv];
        for (int i = 0; i < k.length; i++) k[i] = (float) rk.nextGaussian();
        for (int i = 0; i < q.length; i++) q[i] = (float) rq.nextGaussian();
        for (int i = 0; i < v.length; i++) v[i] = (float) rv.nextGaussian();
        float scale = 0.5f;
        KeptMassCollector obs = new KeptMassCollector(1, rows);
        AttentionRequest req = AttentionRequest.builder().query(q, 1, rows, d).keys(k, 1, n).values(v, dv).scale(scale).observer(obs).build();
        float[] exact = Attention.exact(req), sparse = Attention.sparse(req, BudgetPolicy.fixed(16));
        RowProfile prof = new RowProfile(n);
        double[] errSq = new double[1];
        for (int r = 0; r < rows; r++) {
            batch.logits(r, scale, prof.logitBuffer());
            prof.compute(16);
            double norm = prof.outputErrors(batch.values(), dv, new int[] {16}, errSq);
            assertThat(prof.tau(16)).isCloseTo(obs.droppedMass()[r], within(1e-4));
            double e = 0, o = 0;
            for (int t = 0; t < dv; t++) {
                double diff = sparse[r * dv + t] - exact[r * dv + t];
                e += diff * diff; o += exact[r * dv + t] * exact[r * dv + t];
            }
            assertThat(Math.sqrt(errSq[0])).isCloseTo(Math.sqrt(e), within(1e-4));
            assertThat(Math.sqrt(norm)).isCloseTo(Math.sqrt(o), within(1e-4));
        }
    }

    /** The full-matrix paper metric equals the spectral / Frobenius norm of the explicit P' - P (core's SpectralNorm). */
    @Test void fullMatrixMetricMatchesExplicitMatrix() {
        int n = 48;
        RowBatch batch = Workload.gaussian(8, 4).draw(3, n, n, 1);
        int[] ks = {3, 10};
        FullMatrixError.Result res = FullMatrixError.compute(batch, 1.0, ks);
        RowProfile prof = new RowProfile(n);
        for (int b = 0; b < ks.length; b++) {
            double[] e = new double[n * n];
            double fro = 0;
            for (int i = 0; i < n; i++) {
                batch.logits(i, 1.0, prof.logitBuffer());
                prof.compute(ks[b]);
                int[] top = prof.topIndices(ks[b]);
                double kept = 1 - prof.tau(ks[b]);
                for (int j = 0; j < n; j++) e[i * n + j] = -prof.p[j];
                for (int j : top) e[i * n + j] = prof.p[j] / kept - prof.p[j];
                for (int j = 0; j < n; j++) fro += e[i * n + j] * e[i * n + j];
            }
            assertThat(res.spectral()[b]).isCloseTo(SpectralNorm.of(e, n, n) / n, within(1e-6));
            assertThat(res.frobenius()[b]).isCloseTo(Math.sqrt(fro) / n, within(1e-12));
        }
    }

    /** For V iid N(0,1): E||o'-o||^2 = dv ||p'-p||_2^2 and E||o||^2 = dv ||p||_2^2 (averaged over 400 draws of V, 10%). */
    @Test void outputErrorTracksL2ErrorForGaussianValues() {
        int n = 200, dv = 8, k = 10, draws = 400;
        RowProfile prof = new RowProfile(n);
        SplittableRandom rnd = new SplittableRandom(77);
        for (int j = 0; j < n; j++) prof.logitBuffer()[j] = 2 * rnd.nextGaussian();
        prof.compute(k);
        double err = 0, norm = 0, psq = 0;
        double[] e = new double[1], v = new double[n * dv];
        for (int t = 0; t < draws; t++) {
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian();
            norm += prof.outputErrors(v, dv, new int[] {k}, e);
            err += e[0];
        }
        for (double pj : prof.p) psq += pj * pj;
        assertThat(err / draws / (dv * prof.l2ErrorSq(k))).isCloseTo(1, within(0.1));
        assertThat(norm / draws / (dv * psq)).isCloseTo(1, within(0.1));
    }
}
