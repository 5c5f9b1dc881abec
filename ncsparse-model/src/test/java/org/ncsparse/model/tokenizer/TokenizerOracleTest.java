package org.ncsparse.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.testutil.RealText;

/**
 * The GGUF tokenizers (SentencePiece-BPE and GPT-2 byte-level BPE) against the Rust tokenizers library
 * (through DJL) on the same small vocabularies written as tokenizer.json: identical ids on slices of
 * real text and on random strings that mix in characters outside the vocabulary; decode(encode(s)) = s.
 */
class TokenizerOracleTest {
    @TempDir Path tmp;

    static final String CORPUS = RealText.slice("GPL-3", 0, 6000);

    /** Random probes: real-text slices, with some characters replaced by accented letters, digits runs, emoji and newlines. */
    static String[] probes(long seed, int count) {
        Random r = new Random(seed);
        String[] extra = {"é", "€", "日本", "🙂", "  ", "\n", "12345", "'s", "'LL", "ü", "\t", " -- "};
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            int from = r.nextInt(CORPUS.length() - 200);
            StringBuilder sb = new StringBuilder(CORPUS.substring(from, from + 20 + r.nextInt(150)));
            for (int k = r.nextInt(4); k > 0; k--) {
                int at = r.nextInt(sb.length() + 1);
                if (at > 0 && at < sb.length() && Character.isLowSurrogate(sb.charAt(at))) at--; // never split a surrogate pair
                sb.insert(at, extra[r.nextInt(extra.length)]);
            }
            out[i] = sb.toString();
        }
        return out;
    }

    @Test
    void gpt2BpeMatchesTheRustTokenizers() throws Exception {
        for (String pattern : new String[] {Gpt2BpeTokenizer.GPT2_PATTERN, Gpt2BpeTokenizer.LLAMA3_PATTERN}) {
            TokenizerFixtures.Bpe bpe = TokenizerFixtures.gpt2Vocab(CORPUS, pattern, 300);
            Path json = tmp.resolve("gpt2-" + pattern.length() + ".json");
            Files.writeString(json, TokenizerFixtures.gpt2Json(bpe, pattern));
            Gpt2BpeTokenizer ours = new Gpt2BpeTokenizer(bpe.tokens(), bpe.merges(), null, pattern, -1, -1);
            long seed = System.nanoTime();
            try (HfTokenizer oracle = HfTokenizer.read(json, bpe.tokens().length, -1)) {
                for (String s : probes(seed, 200)) {
                    int[] ids = ours.encode(s);
                    assertThat(ids).as("ids of '%s' (seed %d)", escape(s), seed).containsExactly(oracle.encode(s));
                    assertThat(ours.decode(ids)).isEqualTo(s);
                }
                assertThat(ours.encode(CORPUS).length).as("merges shorten real text").isLessThan(CORPUS.length() / 2);
            }
        }
    }

    @Test
    void sentencePieceMatchesTheRustTokenizers() throws Exception {
        TokenizerFixtures.Spm spm = TokenizerFixtures.spmVocab(CORPUS, 300);
        Path json = tmp.resolve("spm.json");
        Files.writeString(json, TokenizerFixtures.spmJson(spm));
        SentencePieceTokenizer ours = new SentencePieceTokenizer(spm.pieces(), spm.scores(), spm.types(), 1, 2, 0, true);
        long seed = System.nanoTime();
        try (HfTokenizer oracle = HfTokenizer.read(json, spm.pieces().length, 2)) {
            for (String s : probes(seed, 200)) {
                int[] ids = ours.encode(s);
                assertThat(ids).as("ids of '%s' (seed %d)", escape(s), seed).containsExactly(oracle.encode(s));
                assertThat(ours.decode(ids)).isEqualTo(s);
            }
        }
    }

    /** The probe with control characters visible. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    @Test
    void bosComesFromTheTokenizersOwnTemplate() throws Exception {
        TokenizerFixtures.Spm spm = TokenizerFixtures.spmVocab("ab ab abab", 5);
        com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) om.readTree(TokenizerFixtures.spmJson(spm));
        Path plain = Files.writeString(tmp.resolve("plain.json"), om.writeValueAsString(root));
        // Llama-style template: <s> (id 1) before every sequence
        root.set("post_processor", om.readTree("""
                {"type": "TemplateProcessing",
                 "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                 "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                 "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}}"""));
        Path templated = Files.writeString(tmp.resolve("templated.json"), om.writeValueAsString(root));
        try (HfTokenizer a = HfTokenizer.read(plain, spm.pieces().length, 2); HfTokenizer b = HfTokenizer.read(templated, spm.pieces().length, 2)) {
            assertThat(a.bos()).isEqualTo(-1);
            assertThat(b.bos()).isEqualTo(1);
            assertThat(b.encode("ab")).as("encode never adds it").containsExactly(a.encode("ab"));
            assertThat(b.eos()).isEqualTo(2);
        }
    }

    @Test
    void sentencePieceFallsBackToBytesAndDropsControlTokens() {
        TokenizerFixtures.Spm spm = TokenizerFixtures.spmVocab("ab ab abab", 5);
        SentencePieceTokenizer t = new SentencePieceTokenizer(spm.pieces(), spm.scores(), spm.types(), 1, 2, 0, true);
        int[] ids = t.encode("ab€");
        // "€" is not a piece: its three UTF-8 bytes E2 82 AC become <0xE2><0x82><0xAC> (ids 3 + byte)
        assertThat(ids).endsWith(3 + 0xE2, 3 + 0x82, 3 + 0xAC);
        int[] withControl = new int[ids.length + 2];
        withControl[0] = 1;
        System.arraycopy(ids, 0, withControl, 1, ids.length);
        withControl[ids.length + 1] = 2;
        assertThat(t.decode(withControl)).isEqualTo("ab€");
        assertThat(t.bos()).isEqualTo(1);
        assertThat(t.eos()).isEqualTo(2);
    }

    @Test
    void sentencePieceWithoutBytesOrUnknownNamesTheProblem() {
        SentencePieceTokenizer t = new SentencePieceTokenizer(new String[] {"▁", "a"}, new float[] {0, 0}, null, -1, -1, -1, true);
        assertThat(t.encode("a a")).containsExactly(0, 1, 0, 1);
        assertThatThrownBy(() -> t.encode("b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<0x62>");
        assertThatThrownBy(() -> new SentencePieceTokenizer(new String[] {"a"}, new float[0], null, -1, -1, -1, true))
                .hasMessageContaining("tokenizer.ggml.scores");
    }
}
