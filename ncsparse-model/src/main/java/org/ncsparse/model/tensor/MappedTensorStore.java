package org.ncsparse.model.tensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A {@link TensorStore} over tensors in memory-mapped files; closing it closes the arena that maps them. */
public final class MappedTensorStore implements TensorStore {
    private final String source;
    private final Map<String, MappedTensor> tensors;
    private final Arena arena;

    /** {@code source} names the files in messages; the store owns {@code arena}. */
    public MappedTensorStore(String source, Map<String, MappedTensor> tensors, Arena arena) {
        this.source = source;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.arena = arena;
    }

    @Override public Set<String> names() { return tensors.keySet(); }
    @Override public boolean contains(String name) { return tensors.containsKey(name); }
    @Override public TensorType type(String name) { return tensor(name).type(); }
    @Override public long[] shape(String name) { return tensor(name).shape(); }

    /** The tensor's bytes and description; IllegalArgumentException naming it when absent. */
    public MappedTensor tensor(String name) {
        MappedTensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException(source + ": no tensor " + Quote.of(name));
        return t;
    }

    @Override
    public WeightMatrix matrix(String name) {
        MappedTensor t = tensor(name);
        long[] s = t.shape();
        if (s.length != 2) throw new IllegalArgumentException(source + ": tensor " + Quote.of(name) + " has shape " + Arrays.toString(s) + ", not a matrix");
        if (s[0] > Integer.MAX_VALUE || s[1] > Integer.MAX_VALUE)
            throw new IllegalArgumentException(source + ": tensor " + Quote.of(name) + " of shape " + Arrays.toString(s) + " has more than 2^31 - 1 rows or columns");
        return new MappedMatrix(name, t.type(), (int) s[0], (int) s[1], t.data());
    }

    @Override
    public float[] floats(String name, int maxElements) {
        MappedTensor t = tensor(name);
        long n = t.elementCount();
        if (n > maxElements)
            throw new IllegalArgumentException(source + ": tensor " + Quote.of(name) + " has " + n + " elements, more than the " + maxElements + " allowed here");
        float[] out = new float[(int) n];
        if (n > 0) RowDecoder.of(t.type()).decode(t.data(), 0, (int) n, out, 0);
        return out;
    }

    @Override public void close() { if (arena.scope().isAlive()) arena.close(); }

    @Override public String toString() { return source + " (" + tensors.size() + " tensors)"; }
}
