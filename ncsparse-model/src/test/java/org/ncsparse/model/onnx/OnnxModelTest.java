package org.ncsparse.model.onnx;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncsparse.model.bert.OnnxBertLoader;
import org.ncsparse.model.testutil.SharedModel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire-format reader on good, truncated, inconsistent and hostile ONNX bytes. */
class OnnxModelTest {
    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    @Test
    void readsASmallModel() {
        byte[] bytes = ProtoWriter.model(ProtoWriter.tensor("w", new long[] {2, 2}, 1, floats(1, 2, 3, 4)));
        OnnxModel m = OnnxModel.parse(bytes);
        assertThat(m.opset()).isEqualTo(11);
        assertThat(m.initializer("w").toFloats()).containsExactly(1, 2, 3, 4);
        assertThat(m.initializer("w").dims()).containsExactly(2, 2);
    }

    @Test
    void readsPackedFloatDataAndInt64Data() {
        ProtoWriter t = new ProtoWriter().intField(1, 3).intField(2, 1).string(8, "f").bytes(4, floats(1.5f, -2, 3));
        ProtoWriter s = new ProtoWriter().intField(1, 2).intField(2, 7).string(8, "s").intField(7, 12).intField(7, 32);
        OnnxModel m = OnnxModel.parse(ProtoWriter.model(t, s));
        assertThat(m.initializer("f").toFloats()).containsExactly(1.5f, -2f, 3f);
        assertThat(m.initializer("s").toLongs()).containsExactly(12L, 32L);
    }

    @Test
    void tensorBytesDisagreeingWithDimsAreRejected() {
        byte[] bytes = ProtoWriter.model(ProtoWriter.tensor("w", new long[] {2, 3}, 1, floats(1, 2, 3, 4, 5)));
        assertThatThrownBy(() -> OnnxModel.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'w'").hasMessageContaining("20 bytes").hasMessageContaining("need 24");
    }

    @Test
    void unknownDataTypeIsRejected() {
        byte[] bytes = ProtoWriter.model(ProtoWriter.tensor("w", new long[] {1}, 99, floats(1)));
        assertThatThrownBy(() -> OnnxModel.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported data type 99");
    }

    @Test
    void hugeDimsDoNotAllocate() {
        byte[] bytes = ProtoWriter.model(ProtoWriter.tensor("w", new long[] {1L << 31, 1L << 31}, 1, floats(1)));
        assertThatThrownBy(() -> OnnxModel.parse(bytes)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        byte[] neg = ProtoWriter.model(ProtoWriter.tensor("w", new long[] {-4}, 1, floats(1)));
        assertThatThrownBy(() -> OnnxModel.parse(neg)).hasMessageContaining("negative dim");
    }

    @Test
    void lengthBeyondTheFileIsRejected() {
        // graph field claiming 2^40 bytes
        byte[] bytes = new ProtoWriter().key(7, 2).varint(1L << 40).toBytes();
        assertThatThrownBy(() -> OnnxModel.parse(bytes)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }

    @Test
    void notAnOnnxFileIsRejected() {
        assertThatThrownBy(() -> OnnxModel.parse(new byte[0])).hasMessageContaining("no graph");
        assertThatThrownBy(() -> OnnxModel.parse("hello, world".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void externalDataIsRejected() {
        ProtoWriter t = ProtoWriter.tensor("w", new long[] {1}, 1, null).intField(14, 1);
        assertThatThrownBy(() -> OnnxModel.parse(ProtoWriter.model(t))).hasMessageContaining("external data");
    }

    @Test
    void truncatedRealModelGivesIOExceptionNamingTheFile(@TempDir Path dir) throws IOException {
        byte[] real = SharedModel.minilmOnnx();
        for (int len : new int[] {10, 1_000, 1_000_000, real.length / 2, real.length - 1}) {
            Path f = dir.resolve("cut" + len + ".onnx");
            Files.write(f, Arrays.copyOf(real, len));
            assertThatThrownBy(() -> OnnxModel.read(f)).isInstanceOf(IOException.class)
                    .hasMessageContaining(f.toString());
        }
    }

    @Test
    void aGraphThatIsNotBertIsRejectedByTheLoader() {
        byte[] bytes = ProtoWriter.model(ProtoWriter.tensor("embeddings.word_embeddings.weight", new long[] {2, 2}, 1, floats(1, 2, 3, 4)));
        OnnxModel m = OnnxModel.parse(bytes);
        assertThatThrownBy(() -> OnnxBertLoader.load(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embeddings.position_embeddings.weight");
    }

    /** Fuzz: random byte flips and cuts of a valid small model fail only with IllegalArgumentException. */
    @Property(tries = 300)
    void corruptedBytesFailCleanly(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int flips) {
        ProtoWriter node = new ProtoWriter().string(1, "x").string(2, "y").string(3, "n").string(4, "Add");
        ProtoWriter g = new ProtoWriter().message(1, node).message(5, ProtoWriter.tensor("w", new long[] {2, 2}, 1, floats(1, 2, 3, 4)))
                .message(5, new ProtoWriter().intField(1, 2).intField(2, 7).string(8, "s").intField(7, 12).intField(7, 32));
        byte[] bytes = new ProtoWriter().message(8, new ProtoWriter().intField(2, 11)).message(7, g).toBytes();
        Random r = new Random(seed);
        for (int i = 0; i < flips; i++) bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        byte[] cut = Arrays.copyOf(bytes, 1 + r.nextInt(bytes.length));
        for (byte[] b : new byte[][] {bytes, cut}) {
            try {
                OnnxModel m = OnnxModel.parse(b);
                for (OnnxTensor t : m.initializers().values()) t.toFloats();
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedWithTensorAndIndex() {
        OnnxModel m = OnnxModel.parse(ProtoWriter.model(ProtoWriter.tensor("w", new long[] {2, 2}, 1, floats(1, 2, Float.NaN, 4))));
        assertThat(m.initializer("w").toFloats()[2]).isNaN();
        assertThatThrownBy(() -> m.initializer("w").toFiniteFloats()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ONNX tensor 'w' holds NaN at element 2");
    }

    @Test
    void devicesAreRefusedBeforeReading() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertThatThrownBy(() -> OnnxModel.read(Path.of("/dev/zero"))).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }
}
