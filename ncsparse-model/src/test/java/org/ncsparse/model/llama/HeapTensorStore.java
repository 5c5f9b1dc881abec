package org.ncsparse.model.llama;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ncsparse.model.dump.DumpFile;
import org.ncsparse.model.dump.DumpTensor;
import org.ncsparse.model.tensor.TensorStore;
import org.ncsparse.model.tensor.TensorType;
import org.ncsparse.model.tensor.WeightMatrix;

/** Test-only: a safetensors file read whole into float arrays, with naive double-accumulating products. */
final class HeapTensorStore implements TensorStore {
    private final Map<String, float[]> data = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    static HeapTensorStore read(Path file) throws IOException {
        HeapTensorStore s = new HeapTensorStore();
        try (DumpFile f = DumpFile.open(file)) {
            for (DumpTensor t : f.tensors().values()) { s.data.put(t.name(), t.readAll()); s.shapes.put(t.name(), t.shape()); }
        }
        return s;
    }

    @Override public Set<String> names() { return data.keySet(); }
    @Override public boolean contains(String name) { return data.containsKey(name); }
    @Override public TensorType type(String name) { return TensorType.F32; }
    @Override public long[] shape(String name) { return shapes.get(name).clone(); }
    @Override public float[] floats(String name, int max) { return data.get(name).clone(); }
    @Override public void close() {}

    @Override public WeightMatrix matrix(String name) {
        float[] w = data.get(name);
        long[] sh = shapes.get(name);
        int rows = (int) sh[0], cols = (int) sh[1];
        return new WeightMatrix() {
            public String name() { return name; }
            public TensorType type() { return TensorType.F32; }
            public int rows() { return rows; }
            public int cols() { return cols; }
            public void matVec(float[] x, int xOff, float[] y, int yOff, int r0, int r1) {
                for (int r = r0; r < r1; r++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += (double) w[r * cols + c] * x[xOff + c];
                    y[yOff + r] = (float) s;
                }
            }
            public void matMul(float[] x, int xOff, int m, float[] y, int yOff, int threads) {
                for (int i = 0; i < m; i++) matVec(x, xOff + i * cols, y, yOff + i * rows, 0, rows);
            }
            public void row(int r, float[] dst, int off) { System.arraycopy(w, r * cols, dst, off, cols); }
        };
    }
}
