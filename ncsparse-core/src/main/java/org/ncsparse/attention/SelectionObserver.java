package org.ncsparse.attention;

/**
 * Receives, for every query row of a sparse attention call, the kept keys and their exact mass.
 * Optional: when no observer is set the kernels skip the extra work. Called from worker threads,
 * concurrently for different rows; {@code kept} is a scratch buffer valid only during the call.
 */
@FunctionalInterface
public interface SelectionObserver {
    /**
     * @param head      query head
     * @param row       query row within the head
     * @param visible   number of keys the row may see (causal mask applied)
     * @param kept      indices of kept keys, ascending, in {@code kept[0..count)}
     * @param count     number of kept keys
     * @param keptMass  sum of the exact softmax probabilities of the kept keys (1 - dropped mass)
     */
    void onRow(int head, int row, int visible, int[] kept, int count, double keptMass);
}
