package org.ncsparse.model.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece BPE as stored in GGUF ({@code tokenizer.ggml.model = llama}): pieces with scores.
 * Encoding: spaces become {@code ▁} (and one is prepended when {@code addSpacePrefix}), the text is
 * split into characters, adjacent pieces are merged while their concatenation is in the vocabulary,
 * highest score first; a character outside the vocabulary becomes its UTF-8 bytes as {@code <0xNN>}
 * tokens (byte fallback), or the unknown token. Decoding reverses it and drops control tokens.
 */
public final class SentencePieceTokenizer implements TextTokenizer {
    /** GGUF token types. */
    static final int NORMAL = 1, UNKNOWN = 2, CONTROL = 3, BYTE = 6;
    private static final String SPACE = "\u2581";

    private final String[] pieces;
    private final float[] scores;
    private final int[] types;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] byteIds = new int[256];
    private final int bos, eos, unk;
    private final boolean addSpacePrefix;

    /**
     * @param types GGUF token types (1 normal, 2 unknown, 3 control, 6 byte), or null for all normal
     */
    public SentencePieceTokenizer(String[] pieces, float[] scores, int[] types, int bos, int eos, int unk, boolean addSpacePrefix) {
        if (pieces == null || pieces.length == 0) throw new IllegalArgumentException("tokenizer.ggml.tokens must not be empty");
        if (scores == null || scores.length != pieces.length)
            throw new IllegalArgumentException("tokenizer.ggml.scores must have one score per token (" + pieces.length + "), got "
                    + (scores == null ? "none" : scores.length));
        if (types != null && types.length != pieces.length)
            throw new IllegalArgumentException("tokenizer.ggml.token_type must have one type per token (" + pieces.length + "), got " + types.length);
        this.pieces = pieces; this.scores = scores; this.types = types;
        this.bos = bos; this.eos = eos; this.unk = unk; this.addSpacePrefix = addSpacePrefix;
        java.util.Arrays.fill(byteIds, -1);
        for (int i = 0; i < pieces.length; i++) {
            int b = byteValue(pieces[i]);
            if (b >= 0 && (types == null || types[i] == BYTE)) { if (byteIds[b] < 0) byteIds[b] = i; }
            else if (types == null || types[i] == NORMAL || types[i] == 4) ids.putIfAbsent(pieces[i], i);
        }
    }

    @Override public int[] encode(String text) {
        if (text.isEmpty()) return new int[0];
        String s = (addSpacePrefix ? " " + text : text).replace(" ", SPACE);
        List<String> chars = new ArrayList<>();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i), len = Character.charCount(cp);
            chars.add(s.substring(i, i + len));
            i += len;
        }
        List<String> merged = PairMerger.merge(chars, (l, r) -> {
            Integer id = ids.get(l + r);
            return id == null ? Double.NaN : scores[id];
        });
        int[] out = new int[s.length() * 4];
        int n = 0;
        for (String piece : merged) {
            Integer id = ids.get(piece);
            if (id != null) { out[n++] = id; continue; }
            for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                int bid = byteIds[b & 0xFF];
                if (bid >= 0) out[n++] = bid;
                else if (unk >= 0) { out[n++] = unk; break; }
                else throw new IllegalArgumentException("cannot encode '" + piece + "': no byte token <0x"
                        + String.format("%02X", b & 0xFF) + "> and no unknown token in the vocabulary");
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override public String decode(int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : tokens) {
            if (id < 0 || id >= pieces.length) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + pieces.length + ")");
            int type = types == null ? NORMAL : types[id];
            if (type == CONTROL) continue;
            int b = byteValue(pieces[id]);
            if (b >= 0 && (types == null || type == BYTE)) bytes.write(b);
            else bytes.writeBytes(pieces[id].replace(SPACE, " ").getBytes(StandardCharsets.UTF_8));
        }
        String s = bytes.toString(StandardCharsets.UTF_8);
        return addSpacePrefix && s.startsWith(" ") ? s.substring(1) : s;
    }

    @Override public int vocabSize() { return pieces.length; }
    @Override public int bos() { return bos; }
    @Override public int eos() { return eos; }

    /** 0..255 for a piece {@code <0xNN>}, else -1. */
    static int byteValue(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') return -1;
        try { return Integer.parseInt(piece.substring(3, 5), 16); } catch (NumberFormatException e) { return -1; }
    }
}
