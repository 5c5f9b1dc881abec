package org.ncsparse.model.onnx;

import org.ncsparse.model.bert.OnnxBertLoader;
import org.ncsparse.model.fuzz.FuzzTarget;

import java.util.ArrayList;
import java.util.List;

/** The ONNX wire-format reader: parse, decode every initializer and tensor attribute, then try the BERT loader (a refusal by the loader counts as read). */
public final class OnnxFuzzTarget implements FuzzTarget {
    @Override public String name() { return "onnx"; }

    @Override public List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        byte[] f4 = OnnxModelTest.floats(1, 2, 3, 4);
        out.add(ProtoWriter.model(ProtoWriter.tensor("w", new long[] {2, 2}, OnnxTensor.FLOAT, f4)));
        ProtoWriter packed = new ProtoWriter().intField(1, 3).intField(2, OnnxTensor.FLOAT).string(8, "f").bytes(4, OnnxModelTest.floats(1.5f, -2, 3));
        ProtoWriter ints = new ProtoWriter().intField(1, 2).intField(2, OnnxTensor.INT64).string(8, "s").intField(7, 12).intField(7, 32);
        ProtoWriter dbl = ProtoWriter.tensor("d", new long[] {1}, OnnxTensor.DOUBLE, new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F});
        out.add(ProtoWriter.model(packed, ints, dbl));
        ProtoWriter attr = new ProtoWriter().string(1, "value").message(5, ProtoWriter.tensor("c", new long[] {1}, OnnxTensor.INT32, new byte[] {4, 0, 0, 0}));
        ProtoWriter alpha = new ProtoWriter().string(1, "alpha").key(2, 5).varint(0);
        ProtoWriter node = new ProtoWriter().string(1, "x").string(2, "y").string(3, "/encoder/layer.0/attention/self/Div")
                .string(4, "Constant").message(5, attr).message(5, alpha);
        ProtoWriter input = new ProtoWriter().string(1, "input_ids");
        ProtoWriter g = new ProtoWriter().message(1, node).message(5, ProtoWriter.tensor("embeddings.word_embeddings.weight", new long[] {2, 2},
                OnnxTensor.FLOAT, f4)).message(11, input).message(12, new ProtoWriter().string(1, "out"));
        out.add(new ProtoWriter().intField(1, 7).message(8, new ProtoWriter().string(1, "").intField(2, 11)).message(7, g).toBytes());
        return out;
    }

    @Override public List<byte[]> dictionary() {
        // field keys of the messages read (field << 3 | wire type) and long varints
        return List.of(new byte[] {0x3A}, new byte[] {0x42}, new byte[] {0x0A}, new byte[] {0x2A}, new byte[] {0x5A}, new byte[] {0x62},
                new byte[] {0x08}, new byte[] {0x10}, new byte[] {0x22}, new byte[] {0x25}, new byte[] {0x38}, new byte[] {0x4A},
                new byte[] {0x70, 0x01}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},
                new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
    }

    @Override public void run(byte[] input) {
        OnnxModel m = OnnxModel.parse(input);
        for (OnnxTensor t : m.initializers().values()) { t.toFloats(); t.toLongs(); }
        for (OnnxNode n : m.nodes()) for (OnnxTensor t : n.tensorAttributes().values()) { t.toFloats(); t.toLongs(); }
        try {
            OnnxBertLoader.load(m);
        } catch (IllegalArgumentException notBert) {
            // expected for these small graphs; the file itself was read (anything else thrown is a crash)
        }
    }
}
