package org.ncsparse.model.testutil;

import org.ncsparse.model.bert.BertModel;
import org.ncsparse.model.bert.ModelId;
import org.ncsparse.model.bert.ModelStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads all-MiniLM-L6-v2 once per test JVM (90 MB), plus its raw ONNX bytes for the ORT oracle. */
public final class SharedModel {
    private static BertModel minilm;
    private static byte[] onnxBytes;

    private SharedModel() {}

    public static synchronized BertModel minilm() {
        if (minilm == null) {
            try {
                minilm = ModelStore.load(ModelId.MINILM).threads(2);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return minilm;
    }

    public static synchronized byte[] minilmOnnx() {
        if (onnxBytes == null) {
            try (InputStream in = SharedModel.class.getClassLoader().getResourceAsStream(ModelId.MINILM.onnxResource)) {
                onnxBytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return onnxBytes;
    }
}
