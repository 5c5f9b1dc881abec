package org.ncsparse.model.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Headers must mean one thing: the lenient inputs an adversarial run found are refused with the key named. */
class StrictDumpReadersTest {
    @TempDir Path dir;

    /** A safetensors file: the JSON header as given (its length prefix matches) and {@code data} bytes. */
    private Path safetensors(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(Files.createTempFile(dir, "s", ".safetensors"), b.array());
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private void refused(Path f, String... fragments) {
        assertThatThrownBy(() -> DumpFile.open(f).close()).isInstanceOf(IOException.class).message().contains(fragments);
    }

    @Test
    void validStrictHeaderIsRead() throws IOException {
        Path f = safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "," + tensor("b", "\"F16\"", "[]", "[8,10]")
                + ",\"__metadata__\":{\"format\":\"pt\"}}    ", 10);
        try (DumpFile d = DumpFile.open(f)) {
            assertThat(d.tensors()).containsOnlyKeys("a", "b");
            assertThat(d.get("b").elementCount()).isEqualTo(1);
        }
    }

    @Test
    void safetensorsFieldsAreTypeChecked() throws IOException {
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[\"0\",8]") + "}", 8), "tensor 'a'", "\"data_offsets\"[0] = \"0\"");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8.0]") + "}", 8), "\"data_offsets\"[1] = 8.0");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2.5]", "[0,8]") + "}", 8), "\"shape\"[0] = 2.5");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[-2]", "[0,8]") + "}", 8), "\"shape\"[0] = -2");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8,9]") + "}", 8), "needs 2 integers in \"data_offsets\"");
        refused(safetensors("{" + tensor("a", "32", "[2]", "[0,8]") + "}", 8), "needs \"dtype\" as a string");
        refused(safetensors("{" + tensor("a", "\"F32\"", "2", "[0,8]") + "}", 8), "needs \"shape\" as an array");
        refused(safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", 8), "unknown field 'extra'");
        refused(safetensors("{\"a\":[1,2]}", 0), "tensor 'a' is not a JSON object");
        refused(safetensors("{\"__metadata__\":{\"n\":3}}", 0), "__metadata__ value 'n' is not a string");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,18446744073709551616]") + "}", 8), "non-negative integer");
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreRefused() throws IOException {
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "," + tensor("a", "\"F32\"", "[2]", "[0,8]") + "}", 8),
                "Duplicate field 'a'");
        refused(safetensors("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "Duplicate field 'dtype'");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "} {}", 8), "not valid JSON");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "}xyz", 8), "not valid JSON");
        refused(safetensors("[1]", 0), "does not start with '{'");
    }

    @Test
    void dataRegionMustBeTiledExactly() throws IOException {
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "}", 12), "4 trailing bytes after the last tensor");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[4,12]") + "}", 12), "4 bytes of the data region before tensor 'a'");
        refused(safetensors("{" + tensor("a", "\"F32\"", "[2]", "[0,8]") + "," + tensor("b", "\"F32\"", "[2]", "[4,12]") + "}", 12),
                "overlapping");
    }

    // ---- npy ----

    private Path npy(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        return Files.write(Files.createTempFile(dir, "n", ".npy"), b.array());
    }

    @Test
    void npyHeaderIsParsedStrictly() throws IOException {
        try (DumpFile d = DumpFile.open(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3L), }      \n", 24))) {
            assertThat(d.tensors().values().iterator().next().shape()).containsExactly(2, 3);
        }
        try (DumpFile d = DumpFile.open(npy("{\"descr\": \"<f2\", \"shape\": (), \"fortran_order\": False}\n", 2))) {
            assertThat(d.tensors().values().iterator().next().elementCount()).isEqualTo(1);
        }
        refused(npy("{'descr': '<f4', 'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n", 8), "'descr' appears twice");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}\n", 8), "unknown key 'x'");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } junk\n", 8), "unexpected text after the dictionary");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }\n", 8), "trailing comma");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }\n", 8), "expected ',' or ')'");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }\n", 8), "bad shape entry");
        refused(npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }\n", 8), "expected True or False");
        refused(npy("{'descr': '<f4', 'shape': (2,), }\n", 8), "lacks 'fortran_order'");
        refused(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }\n", 8), "too large");
        Path minor = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8);
        byte[] b = Files.readAllBytes(minor);
        b[7] = 1;
        Files.write(minor, b);
        refused(minor, "unsupported .npy format version 1.1");
    }

    // ---- files that are not regular files ----

    @Test
    void devicesAndFifosAreRefusedWithoutReading() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> NpyReader.open(zero)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> DumpFile.open(zero)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
        Path fifo = dir.resolve("f.safetensors");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo not available");
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        // opening a FIFO for reading would block until a writer appears; the reader must refuse first
        assertThatThrownBy(() -> DumpFile.open(fifo)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
        Path folder = Files.createDirectory(dir.resolve("d"));
        Files.move(fifo, folder.resolve("layer.0.q.npy"));
        assertThatThrownBy(() -> DumpFile.open(folder)).isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }
}
