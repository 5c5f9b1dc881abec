package org.ncsparse.lab.profile;

/**
 * Feeds the rows of one head into a {@link HeadAccumulator}: logits l_ij = s·q_i·k_j (double
 * accumulation) over the keys row i sees.
 * <ul>
 *   <li>non-causal (encoders): the sequence truncated to n; query rows sampled evenly from [0, n),
 *       each sees keys 0..n−1;</li>
 *   <li>causal (decoder dumps): query rows sampled from the last eighth of the prefix, [n − n/8, n);
 *       row i sees keys 0..i, i.e. between 7n/8 and n keys — "context length n" within 12.5%.</li>
 * </ul>
 */
final class HeadProfiler {
    private HeadProfiler() {}

    /** q holds at least n rows [][d] and k at least n rows [][d]; rows are read from position 0. */
    static void addRows(HeadAccumulator acc, float[] q, float[] k, int n, int d, float scale, int maxRows, boolean causal) {
        double[] logits = new double[n];
        int from = causal ? n - Math.max(1, n / 8) : 0;
        for (int row : rowsIn(from, n, maxRows)) {
            int visible = causal ? row + 1 : n;
            int qo = row * d;
            for (int j = 0; j < visible; j++) {
                int ko = j * d;
                double dot = 0;
                for (int t = 0; t < d; t++) dot += (double) q[qo + t] * k[ko + t];
                logits[j] = scale * dot;
            }
            acc.addRow(logits, visible);
        }
    }

    /** Up to maxRows row indices spread evenly over [from, to). */
    static int[] rowsIn(int from, int to, int maxRows) {
        int span = to - from, m = Math.min(span, maxRows);
        int[] rows = new int[m];
        for (int i = 0; i < m; i++) rows[i] = from + (int) ((long) i * span / m);
        return rows;
    }
}
