package org.ncsparse.model.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small vocabularies "trained" the way BPE vocabularies are (repeatedly add the most frequent adjacent
 * pair of a corpus as a new token), and the same vocabularies as Hugging Face {@code tokenizer.json}
 * documents, so that the Rust tokenizers library (through DJL) is an independent oracle.
 */
final class TokenizerFixtures {
    private TokenizerFixtures() {}

    /** Learned merges over symbol sequences: each sequence is a list of symbols; returns merges in order. */
    static List<String[]> learnMerges(List<List<String>> words, int count) {
        List<List<String>> seqs = new ArrayList<>();
        for (List<String> w : words) seqs.add(new ArrayList<>(w));
        List<String[]> merges = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            Map<String, Integer> freq = new LinkedHashMap<>();
            for (List<String> s : seqs) for (int i = 0; i + 1 < s.size(); i++) freq.merge(s.get(i) + "\u0000" + s.get(i + 1), 1, Integer::sum);
            String best = null;
            for (Map.Entry<String, Integer> e : freq.entrySet()) if (best == null || e.getValue() > freq.get(best)) best = e.getKey();
            if (best == null || freq.get(best) < 2) break;
            String[] pair = best.split("\u0000");
            merges.add(pair);
            for (List<String> s : seqs)
                for (int i = 0; i + 1 < s.size(); i++)
                    if (s.get(i).equals(pair[0]) && s.get(i + 1).equals(pair[1])) { s.set(i, pair[0] + pair[1]); s.remove(i + 1); }
        }
        return merges;
    }

    // ------------------------------------------------------------------ GPT-2 byte-level BPE

    /** Byte-to-unicode table (GPT-2): printable bytes keep their code point, the rest map to 256.. */
    static String byteLevel(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int v = b & 0xFF;
            sb.append(byteChar(v));
        }
        return sb.toString();
    }

    static char byteChar(int v) {
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (b == v) return (char) (printable ? b : 256 + extra);
            if (!printable) extra++;
        }
        throw new AssertionError();
    }

    record Bpe(String[] tokens, String[] merges) {}

    /** 256 byte symbols, then one token per learned merge over the corpus's pre-tokenized pieces. */
    static Bpe gpt2Vocab(String corpus, String pattern, int merges) {
        List<List<String>> words = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern, java.util.regex.Pattern.UNICODE_CHARACTER_CLASS).matcher(corpus);
        while (m.find()) {
            List<String> w = new ArrayList<>();
            for (char c : byteLevel(m.group()).toCharArray()) w.add(String.valueOf(c));
            words.add(w);
        }
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) tokens.add(String.valueOf(byteChar(b)));
        List<String> mergeList = new ArrayList<>();
        for (String[] p : learnMerges(words, merges)) { tokens.add(p[0] + p[1]); mergeList.add(p[0] + " " + p[1]); }
        return new Bpe(tokens.toArray(new String[0]), mergeList.toArray(new String[0]));
    }

    /** tokenizer.json: BPE model, a Split pre-tokenizer with the pattern, then ByteLevel without its own regex. */
    static String gpt2Json(Bpe bpe, String pattern) throws Exception {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("version", "1.0");
        root.putArray("added_tokens");
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        ObjectNode split = pres.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", pattern);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        ObjectNode bl = pres.addObject();
        bl.put("type", "ByteLevel"); bl.put("add_prefix_space", false); bl.put("trim_offsets", false); bl.put("use_regex", false);
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel"); dec.put("add_prefix_space", false); dec.put("trim_offsets", false); dec.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout"); model.putNull("unk_token");
        model.put("fuse_unk", false); model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < bpe.tokens().length; i++) vocab.put(bpe.tokens()[i], i);
        ArrayNode merges = model.putArray("merges");
        for (String s : bpe.merges()) merges.add(s);
        return om.writeValueAsString(root);
    }

    // ------------------------------------------------------------------ SentencePiece BPE

    record Spm(String[] pieces, float[] scores, int[] types) {}

    /** &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;, 256 byte pieces, the corpus's characters, then learned merges with decreasing scores. */
    static Spm spmVocab(String corpus, int merges) {
        String s = ("▁" + corpus.replace(" ", "▁"));
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        for (int b = 0; b < 256; b++) { pieces.add(String.format("<0x%02X>", b)); types.add(6); scores.add(0f); }
        Map<String, Boolean> seen = new HashMap<>();
        List<String> chars = new ArrayList<>();
        s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        for (String c : chars) if (seen.putIfAbsent(c, true) == null) { pieces.add(c); types.add(1); scores.add(-1000f - pieces.size()); }
        // words split at ▁ (kept at the front of each word), as SentencePiece trains
        List<List<String>> words = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String c : chars) {
            if (c.equals("▁") && !cur.isEmpty()) { words.add(cur); cur = new ArrayList<>(); }
            cur.add(c);
        }
        if (!cur.isEmpty()) words.add(cur);
        int i = 0;
        for (String[] p : learnMerges(words, merges)) {
            String t = p[0] + p[1];
            if (seen.putIfAbsent(t, true) != null) continue;
            pieces.add(t); types.add(1); scores.add((float) -(i++));
        }
        float[] sc = new float[scores.size()];
        int[] ty = new int[types.size()];
        for (int j = 0; j < sc.length; j++) { sc[j] = scores.get(j); ty[j] = types.get(j); }
        return new Spm(pieces.toArray(new String[0]), sc, ty);
    }

    /**
     * The same vocabulary as a Llama-2-style tokenizer.json: BPE with byte fallback, merges = every split
     * of a piece into two pieces, ordered by the merged piece's score (how transformers converts
     * SentencePiece models), a normalizer that prepends ▁ and replaces spaces.
     */
    static String spmJson(Spm spm) throws Exception {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        root.put("version", "1.0");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < 3; i++) {
            ObjectNode a = added.addObject();
            a.put("id", i); a.put("content", spm.pieces()[i]); a.put("single_word", false); a.put("lstrip", false);
            a.put("rstrip", false); a.put("normalized", false); a.put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode ns = norm.putArray("normalizers");
        ns.addObject().put("type", "Prepend").put("prepend", "▁");
        ObjectNode rep = ns.addObject();
        rep.put("type", "Replace"); rep.putObject("pattern").put("String", " "); rep.put("content", "▁");
        root.putNull("pre_tokenizer");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Sequence");
        ArrayNode ds = dec.putArray("decoders");
        ObjectNode r2 = ds.addObject();
        r2.put("type", "Replace"); r2.putObject("pattern").put("String", "▁"); r2.put("content", " ");
        ds.addObject().put("type", "ByteFallback");
        ds.addObject().put("type", "Fuse");
        ds.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout"); model.put("unk_token", "<unk>");
        model.put("fuse_unk", true); model.put("byte_fallback", true);
        ObjectNode vocab = model.putObject("vocab");
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < spm.pieces().length; i++) { vocab.put(spm.pieces()[i], i); ids.put(spm.pieces()[i], i); }
        List<int[]> merges = new ArrayList<>(); // (merged id, left id, right id)
        for (int i = 0; i < spm.pieces().length; i++) {
            if (spm.types()[i] != 1) continue;
            String p = spm.pieces()[i];
            for (int cut = 1; cut < p.length(); cut++) {
                Integer l = ids.get(p.substring(0, cut)), r = ids.get(p.substring(cut));
                if (l != null && r != null && spm.types()[l] == 1 && spm.types()[r] == 1) merges.add(new int[] {i, l, r});
            }
        }
        merges.sort((a, b) -> a[0] != b[0] ? Float.compare(spm.scores()[b[0]], spm.scores()[a[0]]) : Integer.compare(a[1], b[1]));
        ArrayNode ms = model.putArray("merges");
        for (int[] m : merges) ms.add(spm.pieces()[m[1]] + " " + spm.pieces()[m[2]]);
        return om.writeValueAsString(root);
    }
}
