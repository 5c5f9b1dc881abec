package org.ncsparse.model.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ncsparse.model.hf.StrictJson;
import org.ncsparse.model.tensor.MappedTensor;
import org.ncsparse.model.tensor.MappedTensorStore;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;

/**
 * A GGUF file (llama.cpp) memory-mapped: its {@link GgufMetadata} ({@code general.architecture},
 * {@code llama.*} hyper-parameters, {@code tokenizer.ggml.*} arrays) and its tensors as a
 * {@link TensorStore}, shapes reported outermost first (a tensor with ne = [in, out] is [out, in], a
 * {@code WeightMatrix} with rows = out). Quantised tensors stay quantised in the mapping and are
 * decoded block by block inside the products.
 */
public final class GgufStore implements TensorStore {
    private final GgufHeader header;
    private final MappedTensorStore tensors;

    private GgufStore(GgufHeader header, MappedTensorStore tensors) {
        this.header = header;
        this.tensors = tensors;
    }

    public static GgufStore open(Path file) throws IOException {
        StrictJson.requireRegularFile(file);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment seg;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            return of(file.toString(), seg, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** GGUF bytes already in memory ({@code source} names them in messages); the store closes {@code arena}. */
    public static GgufStore of(String source, MemorySegment seg, Arena arena) throws IOException {
        GgufHeader h = GgufHeader.parse(source, seg);
        Map<String, MappedTensor> map = new LinkedHashMap<>();
        for (GgufTensorInfo t : h.tensors())
            map.put(t.name(), new MappedTensor(t.name(), t.type(), t.shape(), seg.asSlice(h.dataStart() + t.offset(), t.bytes())));
        return new GgufStore(h, new MappedTensorStore(source, map, arena));
    }

    public GgufMetadata metadata() { return header.metadata(); }
    public GgufHeader header() { return header; }
    /** The underlying store (its {@code tensor(name)} gives the mapped bytes). */
    public MappedTensorStore tensors() { return tensors; }

    @Override public Set<String> names() { return tensors.names(); }
    @Override public boolean contains(String name) { return tensors.contains(name); }
    @Override public TensorType type(String name) { return tensors.type(name); }
    @Override public long[] shape(String name) { return tensors.shape(name); }
    @Override public WeightMatrix matrix(String name) { return tensors.matrix(name); }
    @Override public float[] floats(String name, int maxElements) { return tensors.floats(name, maxElements); }
    @Override public void close() { tensors.close(); }
    @Override public String toString() { return tensors.toString(); }
}
