package org.ncsparse.model.bert;

import org.junit.jupiter.api.Test;
import org.ncsparse.model.testutil.RealText;
import org.ncsparse.model.testutil.SharedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The jar's tokenizer.json through DJL, on real text and on the hard cases of BERT's WordPiece. */
class BertTokenizerTest {
    private final BertTokenizer tok = SharedModel.minilm().tokenizer();

    @Test
    void addsClsAndSepAndLowercases() {
        assertThat(tok.encode("Hello World")).containsExactly(101, 7592, 2088, 102);
        assertThat(tok.encode("")).containsExactly(101, 102);
    }

    @Test
    void stripsAccentsAndSplitsPunctuation() {
        assertThat(tok.tokens("Héllo, wörld! naïve café."))
                .containsExactly("[CLS]", "hello", ",", "world", "!", "naive", "cafe", ".", "[SEP]");
    }

    @Test
    void unknownWordsBecomeWordPieces() {
        assertThat(tok.tokens("unbelievabilityxyz")).containsExactly("[CLS]", "un", "##bel", "##ie", "##va", "##bility", "##xy", "##z", "[SEP]");
    }

    @Test
    void chineseCharactersAreSeparateTokens() {
        String[] t = tok.tokens("中文你好");
        assertThat(t).hasSize(6);
        assertThat(t[0]).isEqualTo("[CLS]");
        assertThat(t[5]).isEqualTo("[SEP]");
        assertThat(tok.encode("中")).hasSize(3);
    }

    @Test
    void truncatesTo512KeepingSepLast() {
        int[] ids = tok.encode(RealText.read("GPL-3"));
        assertThat(ids).hasSize(512);
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[511]).isEqualTo(102);
        int[] cut = tok.encode(RealText.read("GPL-3"), 64);
        assertThat(cut).hasSize(64);
        for (int i = 0; i < 63; i++) assertThat(cut[i]).isEqualTo(ids[i]);
        assertThat(cut[63]).isEqualTo(102);
        assertThatThrownBy(() -> tok.encode("x", 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokens");
    }

    @Test
    void allLicenceTextsTokenizeWithAlmostNoUnknowns() throws IOException {
        long tokens = 0, unknown = 0;
        try (Stream<Path> files = Files.list(RealText.DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String para : Files.readString(f).split("\n\\s*\n")) {
                    for (int id : tok.encode(para)) { tokens++; if (id == 100) unknown++; }
                }
            }
        }
        System.out.printf("licence texts: %d tokens, %d [UNK]%n", tokens, unknown);
        assertThat(tokens).isGreaterThan(50_000);
        assertThat((double) unknown / tokens).isLessThan(1e-3);
    }
}
