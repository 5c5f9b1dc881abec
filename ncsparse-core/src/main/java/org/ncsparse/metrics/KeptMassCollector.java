package org.ncsparse.metrics;

import org.ncsparse.attention.AttentionRequest;
import org.ncsparse.attention.SelectionObserver;

/**
 * A {@link SelectionObserver} that records, per (head, row), the dropped mass and the kept count of
 * a sparse attention call run on any kernel. Rows are written by index, so concurrent workers
 * never touch the same slot.
 */
public final class KeptMassCollector implements SelectionObserver {
    private final int m;
    private final double[] droppedMass;
    private final int[] keptCount;

    /** For a request with {@code heads} query heads and {@code m} rows. */
    public KeptMassCollector(int heads, int m) {
        if (heads < 1 || m < 1) throw new IllegalArgumentException("heads and m must be >= 1, got " + heads + ", " + m);
        this.m = m;
        droppedMass = new double[heads * m];
        keptCount = new int[heads * m];
    }

    public static KeptMassCollector forRequest(AttentionRequest r) { return new KeptMassCollector(r.queryHeads(), r.m()); }

    @Override
    public void onRow(int head, int row, int visible, int[] kept, int count, double keptMass) {
        droppedMass[head * m + row] = Math.max(0, 1 - keptMass);
        keptCount[head * m + row] = count;
    }

    /** Dropped mass per row, head-major. */
    public double[] droppedMass() { return droppedMass.clone(); }

    /** Kept keys per row, head-major. */
    public int[] keptCount() { return keptCount.clone(); }
}
