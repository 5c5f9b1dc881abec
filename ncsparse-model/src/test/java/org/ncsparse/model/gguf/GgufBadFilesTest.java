package org.ncsparse.model.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.tensor.RandomWeights;
import org.ncsparse.model.tensor.TensorType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each malformed GGUF is refused by a one-line IOException naming the key or tensor at fault. */
class GgufBadFilesTest {
    @TempDir Path dir;

    private static final byte[] F32_2x4 = RandomWeights.of(TensorType.F32, 2, 4, new Random(1)).bytes();

    private AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] bytes) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".gguf");
        Files.write(f, bytes);
        return assertThatThrownBy(() -> GgufStore.open(f).close()).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").startsWith(f.toString()));
    }

    private static GgufWriter base() {
        return new GgufWriter().string("general.architecture", "llama").tensor("w", TensorType.F32, new long[] {2, 4}, F32_2x4);
    }

    @Test
    void everyTruncationIsRefused() throws IOException {
        byte[] ok = base().bytes();
        try (GgufStore g = GgufStore.open(Files.write(dir.resolve("ok.gguf"), ok))) { assertThat(g.names()).containsExactly("w"); }
        for (int cut = 0; cut < ok.length - F32_2x4.length + 1; cut++) refused(Arrays.copyOf(ok, cut));
    }

    @Test
    void headerFieldsAreChecked() throws IOException {
        byte[] b = base().bytes();
        b[0] = 'X';
        refused(b).hasMessageContaining("not a GGUF file");
        refused(base().version(1).bytes()).hasMessageContaining("unsupported GGUF version 1");
        refused(base().version(0x03000000).bytes()).hasMessageContaining("big-endian");
        byte[] many = base().bytes();
        GgufWriter.le(8).putLong(1L << 40).flip().get(many, 8, 8);
        refused(many).hasMessageContaining("tensor count 1099511627776 cannot fit");
        byte[] manyKv = base().bytes();
        GgufWriter.le(8).putLong(-1L).flip().get(manyKv, 16, 8);
        refused(manyKv).hasMessageContaining("metadata count 18446744073709551615 cannot fit");
    }

    @Test
    void metadataIsBoundedAndTyped() throws IOException {
        refused(base().string("k", "a").raw("k2", GgufWriter.cat(GgufWriter.u32(8), GgufWriter.le(8).putLong(1L << 50).array())).bytes())
                .hasMessageContaining("key 'k2'").hasMessageContaining("over the limit");
        refused(base().raw("arr", GgufWriter.cat(GgufWriter.u32(9), GgufWriter.u32(4), GgufWriter.le(8).putLong(1L << 40).array())).bytes())
                .hasMessageContaining("key 'arr'").hasMessageContaining("array length 1099511627776 cannot fit");
        refused(base().raw("nest", GgufWriter.cat(GgufWriter.u32(9), GgufWriter.u32(9), GgufWriter.le(8).putLong(0).array())).bytes())
                .hasMessageContaining("key 'nest'").hasMessageContaining("nested arrays");
        refused(base().raw("odd", GgufWriter.u32(13)).bytes()).hasMessageContaining("key 'odd'").hasMessageContaining("unknown value type 13");
        refused(base().raw("flag", GgufWriter.cat(GgufWriter.u32(7), new byte[] {2})).bytes()).hasMessageContaining("key 'flag'").hasMessageContaining("BOOL value 2");
        refused(duplicateKey()).hasMessageContaining("key 'general.architecture': duplicate key");
        refused(base().raw("bad", GgufWriter.cat(GgufWriter.u32(8), GgufWriter.le(8).putLong(2).array(), new byte[] {(byte) 0xC3, (byte) 0x28})).bytes())
                .hasMessageContaining("key 'bad'").hasMessageContaining("not valid UTF-8");
        refused(base().u32(GgufHeader.ALIGNMENT_KEY, 24).bytes()).hasMessageContaining("alignment 24 is not a power of two");
        refused(base().f32(GgufHeader.ALIGNMENT_KEY, 32f).bytes()).hasMessageContaining("'general.alignment'").hasMessageContaining("must be UINT32");
    }

    /** Two entries with the same key (the writer's map would merge them, so the bytes are spliced). */
    private static byte[] duplicateKey() {
        byte[] one = new GgufWriter().string("general.architecture", "llama").bytes();
        byte[] entry = Arrays.copyOfRange(one, 24, one.length);
        byte[] twice = GgufWriter.cat(Arrays.copyOf(one, 24), stripPadding(entry), stripPadding(entry));
        GgufWriter.le(8).putLong(2).flip().get(twice, 16, 8);
        return twice;
    }

    private static byte[] stripPadding(byte[] entry) {
        int n = entry.length;
        while (n > 0 && entry[n - 1] == 0) n--;
        return Arrays.copyOf(entry, n);
    }

    @Test
    void tensorInfosAreChecked() throws IOException {
        GgufWriter w = new GgufWriter();
        refused(w.rawTensor("t", 0, new long[] {}, 0, new byte[0]).bytes()).hasMessageContaining("tensor 't': 0 dimensions");
        refused(new GgufWriter().rawTensor("t", 0, new long[] {1, 1, 1, 1, 1}, 0, new byte[4]).bytes()).hasMessageContaining("tensor 't': 5 dimensions");
        refused(new GgufWriter().rawTensor("q", 12, new long[] {256, 1}, 0, new byte[144]).bytes()).hasMessageContaining("tensor 'q'").hasMessageContaining("Q4_K (id 12) is not supported");
        refused(new GgufWriter().rawTensor("q", 99, new long[] {4}, 0, new byte[16]).bytes()).hasMessageContaining("unknown (id 99)");
        refused(new GgufWriter().rawTensor("q", 8, new long[] {16, 2}, 0, new byte[68]).bytes()).hasMessageContaining("tensor 'q'").hasMessageContaining("not a multiple of Q8_0's block of 32");
        refused(new GgufWriter().rawTensor("u", 0, new long[] {4, 2}, 4, F32_2x4).bytes()).hasMessageContaining("tensor 'u'").hasMessageContaining("not a multiple of the alignment");
        refused(new GgufWriter().rawTensor("far", 0, new long[] {4, 2}, 1L << 20, F32_2x4).bytes()).hasMessageContaining("tensor 'far'").hasMessageContaining("runs past");
        refused(new GgufWriter().rawTensor("tb", 0, new long[] {1L << 20, 1L << 20}, 0, F32_2x4).bytes()).hasMessageContaining("tensor 'tb'").hasMessageContaining("runs past");
        refused(new GgufWriter().rawTensor("huge", 0, new long[] {1L << 40, 1L << 40}, 0, F32_2x4).bytes()).hasMessageContaining("tensor 'huge'").hasMessageContaining("more elements");
        refused(new GgufWriter().rawTensor("neg", 0, new long[] {-1}, 0, F32_2x4).bytes()).hasMessageContaining("tensor 'neg'").hasMessageContaining("too large");
        refused(new GgufWriter().rawTensor("a", 0, new long[] {4, 2}, 0, F32_2x4).rawTensor("b", 0, new long[] {4}, 0, new byte[16]).bytes())
                .hasMessageContaining("overlaps");
        refused(new GgufWriter().rawTensor("a", 0, new long[] {4}, 0, new byte[16]).rawTensor("a", 0, new long[] {4}, 32, new byte[16]).bytes())
                .hasMessageContaining("tensor 'a': duplicate tensor name");
    }

    @Test
    void shapesThatDisagreeWithTheCallerAreNamed() throws IOException {
        Path f = Files.write(dir.resolve("m.gguf"), base().tensor("norm", TensorType.F32, new long[] {4}, new byte[16]).bytes());
        try (GgufStore g = GgufStore.open(f)) {
            assertThatThrownBy(() -> g.matrix("norm")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'norm'").hasMessageContaining("not a matrix");
            assertThatThrownBy(() -> g.floats("w", 4)).hasMessageContaining("'w' has 8 elements");
            assertThatThrownBy(() -> g.matrix("absent")).hasMessageContaining("no tensor 'absent'");
        }
    }
}
