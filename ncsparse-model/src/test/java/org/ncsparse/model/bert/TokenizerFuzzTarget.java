package org.ncsparse.model.bert;

import org.ncsparse.model.fuzz.FuzzTarget;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** tokenizer.json: the Java checks, then the native library's parse, then encoding a probe text. */
public final class TokenizerFuzzTarget implements FuzzTarget {
    private static final String PROBE = "Hello, world! Unaffable café 中文 the a b ##s [MASK]";

    @Override public String name() { return "tokenizer-json"; }

    @Override public List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String r : new String[] {"fuzz/tokenizer-tiny.json", "fuzz/tokenizer-tiny-2.json"})
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(r)) { out.add(in.readAllBytes()); }
        return out;
    }

    @Override public List<byte[]> dictionary() {
        List<byte[]> out = new ArrayList<>();
        for (String w : new String[] {"\"model\"", "\"vocab\"", "\"type\"", "\"WordPiece\"", "\"BPE\"", "\"unk_token\"", "\"[UNK]\"", "\"[CLS]\"",
                "\"added_tokens\"", "\"normalizer\"", "\"pre_tokenizer\"", "\"post_processor\"", "\"decoder\"", "\"TemplateProcessing\"",
                "\"BertNormalizer\"", "\"id\"", "\"content\"", "\"special_tokens\"", "\"ids\"", "\"max_input_chars_per_word\"",
                "[", "]", "{", "}", ",", ":", "null", "true", "false", "\"\"", "\"##\"", "{}", "[]"})
            out.add(w.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Override public void run(byte[] input) throws IOException {
        try (BertTokenizer t = BertTokenizer.read(new ByteArrayInputStream(input), 16, "fuzz tokenizer.json")) {
            t.encode(PROBE);
            t.encode(PROBE, 4);
            t.tokens(PROBE);
        }
    }
}
