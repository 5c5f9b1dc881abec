package org.ncsparse.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The merge loop shared by SentencePiece-BPE and GPT-2 BPE: start from a list of symbols, repeatedly
 * merge the adjacent pair with the highest priority (leftmost on ties) until no pair can merge.
 * Symbols are kept in a linked list and candidate pairs in a priority queue: O(n log n) per text.
 */
final class PairMerger {
    /** Priority of merging {@code left + right}, or NaN when the pair does not merge. */
    @FunctionalInterface
    interface Priority { double of(String left, String right); }

    private record Candidate(double priority, int left, int right, String leftText, String rightText) {}

    private PairMerger() {}

    static List<String> merge(List<String> symbols, Priority priority) {
        int n = symbols.size();
        String[] text = symbols.toArray(new String[0]);
        int[] prev = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) { prev[i] = i - 1; next[i] = i + 1 < n ? i + 1 : -1; }
        PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) ->
                a.priority != b.priority ? Double.compare(b.priority, a.priority) : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) offer(queue, priority, text, i, i + 1);
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            // stale: one side was merged away or changed since the candidate was queued
            if (text[c.left] == null || text[c.right] == null || next[c.left] != c.right
                    || !text[c.left].equals(c.leftText) || !text[c.right].equals(c.rightText)) continue;
            text[c.left] = c.leftText + c.rightText;
            text[c.right] = null;
            next[c.left] = next[c.right];
            if (next[c.right] >= 0) prev[next[c.right]] = c.left;
            if (prev[c.left] >= 0) offer(queue, priority, text, prev[c.left], c.left);
            if (next[c.left] >= 0) offer(queue, priority, text, c.left, next[c.left]);
        }
        List<String> out = new ArrayList<>();
        for (int i = n == 0 ? -1 : 0; i >= 0; i = next[i]) out.add(text[i]);
        return out;
    }

    private static void offer(PriorityQueue<Candidate> queue, Priority priority, String[] text, int l, int r) {
        double p = priority.of(text[l], text[r]);
        if (!Double.isNaN(p)) queue.add(new Candidate(p, l, r, text[l], text[r]));
    }
}
