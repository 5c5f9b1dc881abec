package org.ncsparse.model.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.ncsparse.exec.ParallelRunner;

/**
 * A {@link WeightMatrix} over stored weights in a {@link MemorySegment} (a slice of a mapped file,
 * rows one after another, each row {@code type.bytes(cols)} bytes). Weights are decoded on the fly:
 * {@link #matVec} fuses decoding into the dot products; {@link #matMul} decodes a block of weight
 * rows once into a small float buffer and uses it for all m input rows, with blocks of rows spread
 * over the shared pool. From {@link #tileMinM()} input rows on, the inputs are transposed once and
 * each block is multiplied by {@link InputTiles} (one fused multiply-add per column in ascending
 * order for every output, whichever thread or tile computes it).
 */
public final class MappedMatrix implements WeightMatrix {
    /** Bytes of decoded weights per block in {@link #matMul}: small enough to stay in L2 while the m input rows stream past. */
    private static final int BLOCK_BYTES = 64 << 10;
    /**
     * Weight rows per block of the input-tile path (a multiple of 4, the tile height), and columns per
     * chunk (a panel slice of 128 × 64 floats, 32 KB, fits in L1). Measured on Zen 5 at m = 256, BF16,
     * 2048 × 2048 and 2048 × 8192: 64 × 128 as fast as any of 32–128 rows × 128–512 columns.
     */
    static final int TILE_ROWS = 64, TILE_COLS = 128;
    /** Below this many multiply-adds a product runs on the calling thread only. */
    private static final long PARALLEL_WORK = 1L << 16;

    private final String name;
    private final TensorType type;
    private final int rows, cols;
    private final long rowBytes;
    private final MemorySegment data;
    private final RowDecoder decoder;

    /** data must hold exactly rows·cols weights of {@code type}; cols a multiple of its block size. */
    public MappedMatrix(String name, TensorType type, int rows, int cols, MemorySegment data) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("tensor " + Quote.of(name) + ": rows and cols must be >= 1, got " + rows + " x " + cols);
        if (cols % type.blockSize != 0)
            throw new IllegalArgumentException("tensor " + Quote.of(name) + ": " + type + " rows need a multiple of " + type.blockSize + " columns, got " + cols);
        this.rowBytes = type.bytes(cols);
        if (data.byteSize() != rowBytes * rows)
            throw new IllegalArgumentException("tensor " + Quote.of(name) + ": " + rows + " x " + cols + " " + type + " needs " + rowBytes * rows + " bytes, got " + data.byteSize());
        this.name = name;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.decoder = RowDecoder.of(type);
    }

    @Override public String name() { return name; }
    @Override public TensorType type() { return type; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override
    public void matVec(float[] x, int xOff, float[] y, int yOff, int rowFrom, int rowTo) {
        if (rowFrom < 0 || rowTo > rows || rowFrom > rowTo)
            throw new IllegalArgumentException(Quote.of(name) + ".matVec: row range [" + rowFrom + ", " + rowTo + ") outside [0, " + rows + "]");
        checkRange(Quote.of(name) + ".matVec: x", x.length, xOff, cols);
        checkRange(Quote.of(name) + ".matVec: y", y.length, (long) yOff + rowFrom, rowTo - rowFrom);
        for (int r = rowFrom; r < rowTo; r++) y[yOff + r] = decoder.dot(data, r * rowBytes, cols, x, xOff);
    }

    @Override
    public void matMul(float[] x, int xOff, int m, float[] y, int yOff, int threads) {
        if (m < 0) throw new IllegalArgumentException(Quote.of(name) + ".matMul: m must be >= 0, got " + m);
        if (threads < 1) throw new IllegalArgumentException(Quote.of(name) + ".matMul: threads must be >= 1, got " + threads);
        checkRange(Quote.of(name) + ".matMul: x", x.length, xOff, (long) m * cols);
        checkRange(Quote.of(name) + ".matMul: y", y.length, yOff, (long) m * rows);
        if (m == 0) return;
        int blockRows = Math.max(4, BLOCK_BYTES / (4 * cols) / 4 * 4);
        int blocks = (rows + blockRows - 1) / blockRows;
        int tasks = (long) m * rows * cols < PARALLEL_WORK ? 1 : Math.min(blocks, 4 * threads);
        if (tileMinM() > 0 && m >= tileMinM()) {
            int mp = (m + InputTiles.lanes() - 1) / InputTiles.lanes() * InputTiles.lanes();
            float[] xt = InputTiles.transpose(x, xOff, m, cols, mp);
            int tileBlocks = (rows + TILE_ROWS - 1) / TILE_ROWS;
            int tileTasks = (long) m * rows * cols < PARALLEL_WORK ? 1 : Math.min(tileBlocks, 4 * threads);
            if (tileTasks == 1) { tiledBlocks(xt, mp, m, y, yOff, 0, rows); return; }
            ParallelRunner.forEach(tileTasks, threads, t -> {
                int r0 = (int) ((long) tileBlocks * t / tileTasks) * TILE_ROWS, r1 = (int) Math.min(rows, (long) tileBlocks * (t + 1) / tileTasks * TILE_ROWS);
                tiledBlocks(xt, mp, m, y, yOff, r0, r1);
            });
            return;
        }
        if (tasks == 1) { rowBlocks(x, xOff, m, y, yOff, 0, rows, blockRows); return; }
        ParallelRunner.forEach(tasks, threads, t -> {
            int r0 = (int) ((long) blocks * t / tasks) * blockRows, r1 = (int) Math.min(rows, (long) blocks * (t + 1) / tasks * blockRows);
            rowBlocks(x, xOff, m, y, yOff, r0, r1, blockRows);
        });
    }

    /** Input rows from which {@link #matMul} uses {@link InputTiles}; 0 when it never does (see {@link InputTiles#minRows()}). */
    static int tileMinM() { return InputTiles.minRows(); }

    /**
     * Output columns [r0, r1) of Y for all m input rows, from the input panels xt (m rounded up to
     * mp): blocks of {@link #TILE_ROWS} weight rows, each decoded whole (rows read sequentially, as
     * the prefetcher likes) and multiplied {@link #TILE_COLS} columns at a time into the block's
     * running sums (out, [rows][mp]), so the slice of a panel that a chunk reads stays in L1 while
     * every 4-row tile passes over it.
     */
    private void tiledBlocks(float[] xt, int mp, int m, float[] y, int yOff, int r0, int r1) {
        Scratch s = SCRATCH.get();
        float[] w = s.w = Scratch.grow(s.w, TILE_ROWS * cols), out = s.out = Scratch.grow(s.out, TILE_ROWS * mp);
        for (int b0 = r0; b0 < r1; b0 += TILE_ROWS) {
            int nb = Math.min(TILE_ROWS, r1 - b0);
            java.util.Arrays.fill(out, 0, nb * mp, 0f);
            for (int k = 0; k < nb; k++) decoder.decode(data, (b0 + k) * rowBytes, cols, w, k * cols);
            for (int j0 = 0; j0 < cols; j0 += TILE_COLS)
                InputTiles.multiplyAdd(w, cols, nb, Math.min(TILE_COLS, cols - j0), xt, cols, mp, j0, out);
            InputTiles.untranspose(out, nb, mp, m, y, yOff + b0, rows);
        }
    }

    /** Per-thread buffers of {@link #tiledBlocks}: decoded weight rows and the block's sums. */
    private static final class Scratch {
        float[] w = new float[0], out = new float[0];
        static float[] grow(float[] a, int size) { return a.length >= size ? a : new float[size]; }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Output columns [r0, r1) of Y for all m input rows. */
    private void rowBlocks(float[] x, int xOff, int m, float[] y, int yOff, int r0, int r1, int blockRows) {
        if (m == 1) {
            for (int r = r0; r < r1; r++) y[yOff + r] = decoder.dot(data, r * rowBytes, cols, x, xOff);
            return;
        }
        float[] w = new float[blockRows * cols], lanes = BlockDots.lanes();
        for (int b0 = r0; b0 < r1; b0 += blockRows) {
            int nb = Math.min(blockRows, r1 - b0);
            for (int k = 0; k < nb; k++) decoder.decode(data, (b0 + k) * rowBytes, cols, w, k * cols);
            int i = 0;
            for (; i + 4 <= m; i += 4) {  // 4 input rows × 4 weight rows per tile
                int xo = xOff + i * cols, yo = yOff + i * rows + b0, k = 0;
                for (; k + 4 <= nb; k += 4) BlockDots.dot4x4(w, k * cols, cols, x, xo, y, yo + k, rows, lanes);
                for (; k < nb; k++)
                    for (int ii = 0; ii < 4; ii++) y[yo + ii * rows + k] = BlockDots.dot(w, k * cols, cols, x, xo + ii * cols);
            }
            for (; i < m; i++) {
                int xo = xOff + i * cols, yo = yOff + i * rows + b0, k = 0;
                for (; k + 4 <= nb; k += 4) BlockDots.dot4(w, k * cols, cols, x, xo, y, yo + k, 1);
                for (; k < nb; k++) y[yo + k] = BlockDots.dot(w, k * cols, cols, x, xo);
            }
        }
    }

    @Override
    public void row(int r, float[] dst, int off) {
        if (r < 0 || r >= rows) throw new IllegalArgumentException(Quote.of(name) + ".row: r must be in [0, " + rows + "), got " + r);
        checkRange(Quote.of(name) + ".row: dst", dst.length, off, cols);
        decoder.decode(data, r * rowBytes, cols, dst, off);
    }

    /**
     * The same matrix decoded once to F32 in off-heap memory (freed with the returned object): the
     * "dequantise at load" alternative to decoding inside the products.
     */
    public MappedMatrix dequantised() {
        MemorySegment f32 = Arena.ofAuto().allocate(4L * rows * cols, 64);
        float[] buf = new float[cols];
        for (int r = 0; r < rows; r++) {
            row(r, buf, 0);
            MemorySegment.copy(buf, 0, f32, PlainDecoders.F32, 4L * r * cols, cols);
        }
        return new MappedMatrix(name, TensorType.F32, rows, cols, f32);
    }

    private static void checkRange(String what, int length, long off, long count) {
        if (off < 0 || off + count > length)
            throw new IllegalArgumentException(what + " needs " + count + " floats from offset " + off + " but has length " + length);
    }
}
