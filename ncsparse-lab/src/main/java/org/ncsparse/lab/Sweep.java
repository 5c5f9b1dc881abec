package org.ncsparse.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link SweepConfig}: one task per (seed, n), each single-threaded with its own random
 * streams, so results are identical for any thread count. Returns cells ordered by
 * (scale, n, seed). Progress messages go to the given sink (stderr in the CLI).
 */
public final class Sweep {
    private Sweep() {}

    public static List<Cell> run(SweepConfig cfg, Consumer<String> progress) {
        int ns = cfg.grid().length, ss = cfg.seeds().length, sc = cfg.scales().length;
        Cell[][][] out = new Cell[sc][ns][ss];
        ExecutorService pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
            Thread t = new Thread(r, "ncsparse-lab"); t.setDaemon(true); return t; });
        try {
            List<Future<?>> futures = new ArrayList<>();
            // largest n first, for load balance
            for (int ni = ns - 1; ni >= 0; ni--) for (int si = 0; si < ss; si++) {
                int fn = ni, fs = si;
                futures.add(pool.submit(() -> {
                    Cell[] cells = task(cfg, cfg.grid()[fn], cfg.seeds()[fs]);
                    for (int a = 0; a < sc; a++) out[a][fn][fs] = cells[a];
                    if (progress != null) progress.accept("  n=" + cfg.grid()[fn] + " seed=" + cfg.seeds()[fs] + " done");
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Cell> list = new ArrayList<>();
        for (Cell[][] a : out) for (Cell[] b : a) for (Cell c : b) list.add(c);
        return list;
    }

    /** All scales of one (seed, n). */
    static Cell[] task(SweepConfig cfg, int n, long seed) {
        int rows = cfg.rows();
        RowBatch batch = cfg.workload().draw(seed, n, rows);
        int nb = cfg.budgets().size();
        int[] ks = new int[nb];
        int kMax = 0;
        for (int b = 0; b < nb; b++) { ks[b] = cfg.budgets().get(b).k(n); kMax = Math.max(kMax, ks[b]); }
        RowBatch full = n <= cfg.fullMatrixMax() && nb > 0 ? cfg.workload().draw(seed, n, n, 1) : null;
        Cell[] cells = new Cell[cfg.scales().length];
        RowProfile prof = new RowProfile(n);
        double[] eps = cfg.eps(), taus = cfg.massTaus();
        for (int a = 0; a < cells.length; a++) {
            double scale = cfg.scales()[a];
            double[][] sEps = new double[rows][eps.length], tau = new double[rows][nb], l2 = new double[rows][nb];
            double[][] outErr = new double[rows][nb], kMass = new double[rows][taus.length];
            double[] outNorm = new double[rows], eff = new double[rows], sig = new double[rows];
            double[][] droppedRows = new double[rows][];
            int[] probe = cfg.probeKs();
            double[][] tauProbe = new double[rows][probe.length];
            for (int r = 0; r < rows; r++) {
                batch.logits(r, scale, prof.logitBuffer());
                prof.compute(kMax);
                for (int e = 0; e < eps.length; e++) sEps[r][e] = (double) prof.sEps(eps[e]) / n;
                for (int b = 0; b < nb; b++) { tau[r][b] = prof.tau(ks[b]); l2[r][b] = prof.l2ErrorSq(ks[b]); }
                outNorm[r] = nb > 0 ? prof.outputErrors(batch.values(), cfg.workload().dv(), ks, outErr[r]) : 0;
                for (int t = 0; t < taus.length; t++) kMass[r][t] = prof.kMass(taus[t]);
                for (int i = 0; i < probe.length; i++) tauProbe[r][i] = prof.tau(probe[i]);
                eff[r] = prof.effectiveSupport();
                sig[r] = batch.rowSigma(r, scale);
                droppedRows[r] = prof.dropped.clone();
            }
            int[] kStar = new int[taus.length];
            for (int t = 0; t < taus.length; t++) kStar[t] = kStarOfMean(droppedRows, n, taus[t]);
            Cell.FullMatrix fm = null;
            if (full != null && a < cfg.fullMatrixScales()) {
                FullMatrixError.Result res = FullMatrixError.compute(full, scale, ks);
                fm = new Cell.FullMatrix(res.spectral(), res.frobenius());
            }
            cells[a] = new Cell(scale, n, seed, ks, new Cell.Rows(sEps, tau, l2, outErr, outNorm, kMass, eff, sig, kStar),
                    new Cell.Probes(probe, tauProbe), fm);
        }
        return cells;
    }

    /** Smallest k with mean_r dropped_r(k) &le; tau (dropped_r is decreasing in k). */
    static int kStarOfMean(double[][] dropped, int n, double tau) {
        int lo = 0, hi = n;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            double s = 0;
            for (double[] d : dropped) s += d[mid];
            if (s / dropped.length <= tau) hi = mid; else lo = mid;
        }
        return hi;
    }
}
