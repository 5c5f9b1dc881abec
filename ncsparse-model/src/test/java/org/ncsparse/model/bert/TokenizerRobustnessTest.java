package org.ncsparse.model.bert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.ncsparse.model.testutil.RealText;
import org.ncsparse.model.testutil.SharedModel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A corrupt tokenizer.json is one clear IOException; long texts are tokenised only as far as needed, with the same ids. */
class TokenizerRobustnessTest {
    static byte[] realTokenizerJson() throws IOException {
        try (InputStream in = TokenizerRobustnessTest.class.getClassLoader().getResourceAsStream(ModelId.MINILM.tokenizerResource)) {
            return in.readAllBytes();
        }
    }

    private static void refused(String json, String... fragments) {
        assertThatThrownBy(() -> BertTokenizer.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 512, "t.json").close())
                .isInstanceOf(IOException.class).message().contains(fragments);
    }

    private static final String VOCAB = "{\"[UNK]\": 0, \"[CLS]\": 1, \"[SEP]\": 2, \"a\": 3}";

    @Test
    void corruptTokenizerFilesAreOneLineErrors() throws IOException {
        refused("[1, 2]", "t.json: the root is not a JSON object");
        refused("{\"model\": 3}", "\"model\" must be an object");
        refused("{\"model\": {\"type\": \"BPE\", \"vocab\": " + VOCAB + "}}", "model.type must be \"WordPiece\"");
        refused("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": \"1\"}, \"unk_token\": \"a\"}}", "model.vocab['a'] must be an integer id");
        refused("{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 1, \"b\": 1}, \"unk_token\": \"a\"}}", "gives id 1 to more than one token");
        refused("{\"model\": {\"type\": \"WordPiece\", \"vocab\": " + VOCAB + ", \"unk_token\": \"[NOPE]\"}}", "unk_token must be a string present");
        refused("{\"model\": {\"type\": \"WordPiece\", \"type\": \"WordPiece\"}}", "Duplicate field 'type'");
        refused("{\"model\": {\"type\": \"WordPiece\", \"vocab\": " + VOCAB + ", \"unk_token\": \"[UNK]\"}} trailing", "not valid JSON");
        refused("{\"added_tokens\": 5, \"model\": {\"type\": \"WordPiece\", \"vocab\": " + VOCAB + ", \"unk_token\": \"[UNK]\"}}", "\"added_tokens\" must be an array");
        refused("{\"normalizer\": [], \"model\": {\"type\": \"WordPiece\", \"vocab\": " + VOCAB + ", \"unk_token\": \"[UNK]\"}}", "normalizer must be an object");
        refused("{1: 2}", "not valid JSON");
        byte[] real = realTokenizerJson();
        String cut = new String(Arrays.copyOf(real, real.length / 2), StandardCharsets.UTF_8);
        refused(cut, "t.json: content is not valid JSON");
        // a structurally fine file whose template adds 600 special ids, more than maxLength = 512: the probe
        // encode in read() fails natively, which becomes an IOException instead of a failure at first use
        String ids = "2" + ", 2".repeat(599), toks = "\"[CLS]\"" + ", \"[CLS]\"".repeat(599);
        String template = "{\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"[CLS]\", \"type_id\": 0}}, "
                + "{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, "
                + "{\"Sequence\": {\"id\": \"B\", \"type_id\": 1}}], \"special_tokens\": {\"[CLS]\": {\"id\": \"[CLS]\", \"ids\": [" + ids
                + "], \"tokens\": [" + toks + "]}}}";
        refused("{\"post_processor\": " + template + ", \"model\": {\"type\": \"WordPiece\", \"vocab\": " + VOCAB + ", \"unk_token\": \"[UNK]\"}}",
                "t.json is not a valid tokenizer");
    }

    /**
     * Found by the fuzz harness: a template naming a special token that special_tokens lacks parses
     * natively but aborts the JVM (a Rust panic) at the first encode. It is refused in Java first.
     */
    @Test
    void nativeAbortsFoundByFuzzingAreRefusedBeforeTheNativeLibrarySeesThem() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(realTokenizerJson());
        ((ObjectNode) root.at("/post_processor/single/2/SpecialToken")).put("id", "[SEQ]");
        refused(mapper.writeValueAsString(root),
                "t.json: post_processor.single[2] names special token '[SEQ]', which post_processor.special_tokens lacks");
        // found by the 10^6-input fuzz run: the file's truncation stride reached the native library, and a
        // stride >= maxLength - 2 aborted the JVM at the first text longer than maxLength
        root = (ObjectNode) mapper.readTree(realTokenizerJson());
        ((ObjectNode) root.get("truncation")).put("stride", 200);
        refused(mapper.writeValueAsString(root), "truncation.stride must be an integer in [0, max_length), got 200");
        ((ObjectNode) root.get("truncation")).put("stride", 100);
        try (BertTokenizer t = BertTokenizer.read(new ByteArrayInputStream(mapper.writeValueAsBytes(root)), 16, "stride 100")) {
            // a legal file stride (100 < max_length 128) is replaced by 0: no native abort on long text
            assertThat(t.encode(RealText.slice("GPL-3", 0, 2000))).hasSize(16);
        }
        root = (ObjectNode) mapper.readTree(realTokenizerJson());
        ((ObjectNode) root.get("pre_tokenizer")).put("type", "Metaspace");
        String wrongType = mapper.writeValueAsString(root);
        refused(wrongType, "pre_tokenizer.type must be BertPreTokenizer");
    }

    @Test
    void realTokenizerPassesTheChecks() throws IOException {
        TokenizerJson.check(realTokenizerJson(), "real");
    }

    /** Tokenising a prefix gives exactly the ids of tokenising the whole text, for every truncation. */
    @Test
    void prefixEncodingEqualsWholeEncoding() {
        BertTokenizer tok = SharedModel.minilm().tokenizer();
        long seed = System.nanoTime();
        System.out.println("prefixEncodingEqualsWholeEncoding seed = " + seed);
        Random r = new Random(seed);
        String gpl = RealText.read("GPL-3");
        for (int trial = 0; trial < 12; trial++) {
            int from = r.nextInt(gpl.length() / 2), len = 1 + r.nextInt(gpl.length() - from);
            String text = gpl.substring(from, from + len);
            int[] whole = tok.encodeWhole(text);
            assertThat(tok.encode(text)).as("text [%d, +%d)", from, len).containsExactly(whole);
            int tokens = 2 + r.nextInt(600);
            int[] expected = whole.length <= tokens ? whole : Arrays.copyOf(whole, tokens);
            if (whole.length > tokens) expected[tokens - 1] = whole[whole.length - 1];
            assertThat(tok.encode(text, tokens)).as("text [%d, +%d) to %d tokens", from, len, tokens).containsExactly(expected);
        }
        // whitespace-poor and whitespace-heavy texts
        String spaces = "word " + " ".repeat(20_000) + "tail " + "x".repeat(5000) + " end";
        assertThat(tok.encode(spaces)).containsExactly(tok.encodeWhole(spaces));
        String noSpace = "ab,".repeat(3000);
        assertThat(tok.encode(noSpace)).containsExactly(tok.encodeWhole(noSpace));
    }

    @Test
    void whitespaceCutPrefersTheLastSpaceBeforeTheLimit() {
        assertThat(BertTokenizer.whitespaceCut("aaaa bbbb cccc", 11)).isEqualTo(9);
        assertThat(BertTokenizer.whitespaceCut("aaaaaaaaaaaa bb", 6)).isEqualTo(12);
        assertThat(BertTokenizer.whitespaceCut("aaaaaaaaaaaaaaa", 6)).isEqualTo(15);
    }
}
