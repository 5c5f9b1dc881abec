package org.ncsparse.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ncsparse.model.fuzz.FuzzTarget;
import org.ncsparse.model.testutil.RealText;

/** A decoder's tokenizer.json (BPE byte-level and SentencePiece-style): the Java checks, the native parse, encode and decode of a probe. */
public final class HfTokenizerFuzzTarget implements FuzzTarget {
    private static final String PROBE = "Hello, world! Unaffable café 中文 🙂 the a b\n  12345";
    private final Path file;

    public HfTokenizerFuzzTarget(Path dir) { this.file = dir.resolve("tokenizer.json"); }

    @Override public String name() { return "hf-tokenizer-json"; }

    @Override public List<byte[]> seeds() throws Exception {
        String corpus = RealText.slice("GPL-3", 0, 1500);
        return List.of(
                TokenizerFixtures.spmJson(TokenizerFixtures.spmVocab(corpus, 20)).getBytes(StandardCharsets.UTF_8),
                TokenizerFixtures.gpt2Json(TokenizerFixtures.gpt2Vocab(corpus, Gpt2BpeTokenizer.GPT2_PATTERN, 20), Gpt2BpeTokenizer.GPT2_PATTERN)
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override public List<byte[]> dictionary() {
        List<byte[]> out = new ArrayList<>();
        for (String w : new String[] {"\"model\"", "\"vocab\"", "\"merges\"", "\"type\"", "\"BPE\"", "\"Unigram\"", "\"WordLevel\"", "\"unk_token\"",
                "\"<unk>\"", "\"added_tokens\"", "\"normalizer\"", "\"pre_tokenizer\"", "\"post_processor\"", "\"decoder\"", "\"decoders\"",
                "\"Sequence\"", "\"ByteLevel\"", "\"ByteFallback\"", "\"Split\"", "\"TemplateProcessing\"", "\"special_tokens\"", "\"byte_fallback\"",
                "\"id\"", "\"content\"", "\"ids\"", "[", "]", "{", "}", ",", ":", "null", "true", "false", "\"\"", "{}", "[]", "-1", "0", "1e9"})
            out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        Files.write(file, input);
        try (HfTokenizer t = HfTokenizer.read(file, 1 << 16, -1)) {
            t.decode(t.encode(PROBE));
        }
    }
}
