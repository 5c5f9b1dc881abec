package org.ncsparse.lab.model;

import org.ncsparse.model.bert.BertTokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits documents into retrieval chunks: paragraphs (blank-line separated) merged until a chunk has
 * at least {@code minTokens} tokens; a chunk never exceeds {@code maxTokens} (longer paragraphs are
 * cut at the tokenizer's truncation). Each chunk also yields a query: its first sentence of ≥ 6 words.
 */
public final class Chunker {
    /** One chunk: source name, text, token ids (with [CLS]/[SEP]) and its query sentence. */
    public record Chunk(String source, String text, int[] ids, String query) {}

    private Chunker() {}

    public static List<Chunk> chunk(String source, String document, BertTokenizer tok, int minTokens, int maxTokens) {
        if (minTokens < 2 || maxTokens < minTokens) throw new IllegalArgumentException("need 2 <= minTokens <= maxTokens, got " + minTokens + ", " + maxTokens);
        List<Chunk> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String para : document.split("\\n\\s*\\n")) {
            String p = para.strip().replaceAll("\\s+", " ");
            if (p.isEmpty()) continue;
            if (!cur.isEmpty()) cur.append('\n');
            cur.append(p);
            int[] ids = tok.encode(cur.toString());
            if (ids.length >= minTokens) {
                add(out, source, cur.toString(), tok.encode(cur.toString(), maxTokens));
                cur.setLength(0);
            }
        }
        if (!cur.isEmpty()) {
            int[] ids = tok.encode(cur.toString(), maxTokens);
            if (ids.length >= minTokens / 2) add(out, source, cur.toString(), ids);
        }
        return out;
    }

    private static void add(List<Chunk> out, String source, String text, int[] ids) {
        String query = null;
        for (String s : text.split("(?<=[.;:!?])\\s+")) {
            if (s.split("\\s+").length >= 6) { query = s.length() > 300 ? s.substring(0, 300) : s; break; }
        }
        if (query != null) out.add(new Chunk(source, text, ids, query));
    }
}
