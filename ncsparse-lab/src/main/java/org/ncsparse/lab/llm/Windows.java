package org.ncsparse.lab.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * Token windows of a text: consecutive, non-overlapping windows of {@code context} tokens. When the
 * model has a beginning-of-sequence token, each window is [BOS] followed by context − 1 text tokens,
 * as a model sees the start of a document.
 */
public final class Windows {
    private Windows() {}

    /** At most {@code max} windows (all that fit when max ≤ 0); IllegalArgumentException when not even one fits. */
    public static List<int[]> cut(int[] textTokens, int context, int bos, int max) {
        if (context < 2) throw new IllegalArgumentException("--context must be >= 2 tokens, got " + context);
        int body = bos >= 0 ? context - 1 : context;
        int available = textTokens.length / body;
        if (available == 0)
            throw new IllegalArgumentException("the text has " + textTokens.length + " tokens, fewer than one window of --context " + context
                    + (bos >= 0 ? " (BOS + " + body + ")" : "") + "; give a longer --text or a smaller --context");
        int count = max > 0 ? Math.min(max, available) : available;
        List<int[]> out = new ArrayList<>(count);
        for (int w = 0; w < count; w++) {
            int[] ids = new int[context];
            int o = 0;
            if (bos >= 0) ids[o++] = bos;
            System.arraycopy(textTokens, w * body, ids, o, body);
            out.add(ids);
        }
        return out;
    }
}
