package org.ncsparse.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.testutil.RealText;

/**
 * Malformed decoder tokenizer.json files are refused in Java with one line naming the key, before the
 * native tokenizers library (which aborts the JVM on some of them) sees them; valid files still load.
 */
class HfTokenizerJsonTest {
    @TempDir Path tmp;

    private static final String CORPUS = RealText.slice("GPL-3", 0, 1500);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String spm() throws Exception { return TokenizerFixtures.spmJson(TokenizerFixtures.spmVocab(CORPUS, 20)); }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private void refused(String content, String... messageParts) throws IOException {
        Path f = write("bad.json", content);
        assertThatThrownBy(() -> HfTokenizer.read(f, 1000, 2)).isInstanceOf(IOException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").contains(f.toString());
                    for (String p : messageParts) assertThat(e.getMessage()).contains(p);
                });
    }

    private String edited(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(spm());
        edit.accept(root);
        return JSON.writeValueAsString(root);
    }

    /** The file that aborted the JVM (exit 134): cut off inside its decoder list. */
    @Test
    void fileCutInsideTheDecoderListIsAOneLineError() throws Exception {
        String json = spm();
        int list = json.indexOf("\"decoders\":[");
        assertThat(list).isPositive();
        for (int cut : new int[] {list + 12, list + 40, json.indexOf("\"ByteFallback\"", list) + 3})
            refused(json.substring(0, cut), "not valid JSON", "/decoder/decoders");
    }

    /** A decoder number beyond the double range aborted the JVM (found by the fuzz test, seed 25258663034082). */
    @Test
    void numbersBeyondTheDoubleRangeAreRefusedWhereverTheyAre() throws Exception {
        refused(edited(r -> ((ObjectNode) r.get("decoder").get("decoders").get(1)).putRawValue("stop",
                new com.fasterxml.jackson.databind.util.RawValue("-1e9990"))), "/decoder/decoders/1/stop", "outside the range of a double");
        refused(spm().replaceFirst("\\{", "{\"x/y\":[1e999],"), "'/x~1y/0'", "outside the range of a double");
    }

    @Test
    void wrongShapesNameTheKey() throws Exception {
        refused(edited(r -> ((ObjectNode) r.get("model")).put("type", "Bogus")), "model.type");
        refused(edited(r -> ((ObjectNode) r.get("model")).putArray("vocab")), "model.vocab");
        refused(edited(r -> ((ObjectNode) r.get("model")).putArray("merges").add("nospace")), "model.merges[0]");
        refused(edited(r -> ((ObjectNode) r.get("model")).putArray("merges").add("<unk> zzzzqq")), "model.merges[0]", "missing from model.vocab");
        refused(edited(r -> ((ObjectNode) r.get("model").get("vocab")).put("<s>", -4)), "model.vocab['<s>']");
        refused(edited(r -> ((ObjectNode) r.get("model")).put("unk_token", "<unj>")), "model.unk_token");
        refused(edited(r -> ((ObjectNode) r.get("added_tokens").get(1)).put("id", "one")), "added_tokens[1].id");
        refused(edited(r -> r.put("decoder", 7)), "decoder must be an object or null");
        refused(edited(r -> ((ObjectNode) r.get("decoder").get("decoders").get(1)).put("type", "Nope")), "decoder.decoders[1].type");
        refused(edited(r -> ((ObjectNode) r.get("decoder")).put("decoders", "x")), "decoder.decoders must be an array");
        refused(edited(r -> ((ArrayNode) r.get("normalizer").get("normalizers")).add(3)), "normalizer.normalizers[2]");
        refused(edited(r -> r.putObject("pre_tokenizer")), "pre_tokenizer.type");
        refused(edited(r -> template(r, "<missing>")), "post_processor.single[0]", "'<missing>'");
        refused("[1, 2]", "root is not a JSON object");
        refused(spm().replaceFirst("\"model\"", "\"model\":{},\"model\""), "not valid JSON");
    }

    @Test
    void validFilesStillLoad() throws Exception {
        TokenizerFixtures.Spm vocab = TokenizerFixtures.spmVocab(CORPUS, 20);
        SentencePieceTokenizer ours = new SentencePieceTokenizer(vocab.pieces(), vocab.scores(), vocab.types(), 1, 2, 0, true);
        for (String json : new String[] {spm(), edited(r -> template(r, "<s>"))}) {
            try (HfTokenizer t = HfTokenizer.read(write("ok.json", json), vocab.pieces().length, 2)) {
                String probe = CORPUS.substring(100, 300);
                assertThat(t.encode(probe)).containsExactly(ours.encode(probe));
            }
        }
    }

    /** A Llama-style TemplateProcessing post-processor whose single template starts with {@code first}. */
    private static void template(ObjectNode root, String first) {
        ObjectNode p = root.putObject("post_processor");
        p.put("type", "TemplateProcessing");
        for (String k : new String[] {"single", "pair"}) {
            ArrayNode a = p.putArray(k);
            a.addObject().putObject("SpecialToken").put("id", first).put("type_id", 0);
            a.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        }
        ObjectNode s = p.putObject("special_tokens").putObject("<s>");
        s.put("id", "<s>"); s.putArray("ids").add(1); s.putArray("tokens").add("<s>");
    }
}
