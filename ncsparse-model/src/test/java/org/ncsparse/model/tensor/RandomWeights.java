package org.ncsparse.model.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Random stored weights of every {@link TensorType} as little-endian bytes, plus their exact values
 * decoded independently of the code under test (test helper for all format tests).
 */
public final class RandomWeights {
    /** The bytes of rows × cols weights and the value each one stands for. */
    public record Stored(byte[] bytes, float[] values) {}

    private RandomWeights() {}

    public static Stored of(TensorType type, int rows, int cols, Random rnd) {
        int n = rows * cols;
        ByteBuffer b = ByteBuffer.allocate((int) type.bytes(n)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[n];
        switch (type) {
            case F32 -> { for (int i = 0; i < n; i++) { v[i] = (float) rnd.nextGaussian(); b.putFloat(v[i]); } }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    short h = Float.floatToFloat16((float) (rnd.nextGaussian() * Math.pow(2, rnd.nextInt(-20, 8))));
                    b.putShort(h);
                    v[i] = halfToFloat(h);
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    short h = (short) (Float.floatToRawIntBits((float) rnd.nextGaussian()) >>> 16);
                    b.putShort(h);
                    v[i] = Float.intBitsToFloat((h & 0xFFFF) << 16);
                }
            }
            case Q8_0 -> {
                for (int blk = 0; blk < n / 32; blk++) {
                    short h = Float.floatToFloat16((float) (rnd.nextDouble() * 0.02));
                    b.putShort(h);
                    float d = halfToFloat(h);
                    for (int j = 0; j < 32; j++) {
                        int q = rnd.nextInt(-128, 128);
                        b.put((byte) q);
                        v[blk * 32 + j] = q * d;
                    }
                }
            }
            case Q4_0 -> {
                for (int blk = 0; blk < n / 32; blk++) {
                    short h = Float.floatToFloat16((float) (rnd.nextDouble() * 0.2));
                    b.putShort(h);
                    float d = halfToFloat(h);
                    for (int j = 0; j < 16; j++) {
                        int lo = rnd.nextInt(16), hi = rnd.nextInt(16);
                        b.put((byte) (lo | hi << 4));
                        v[blk * 32 + j] = (lo - 8) * d;
                        v[blk * 32 + j + 16] = (hi - 8) * d;
                    }
                }
            }
        }
        return new Stored(b.array(), v);
    }

    /** IEEE half → float from the bit fields (independent of Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1F, man = h & 0x3FF;
        double mag = exp == 0 ? man * Math.pow(2, -24)
                : exp == 31 ? (man == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1 + man / 1024.0) * Math.pow(2, exp - 15);
        return (float) (sign == 1 ? -mag : mag);
    }

    /** Bound on |float sum − exact| for a dot product of n terms in any order, with fused scale: γ_{n+2}·Σ|w·x|. */
    public static double dotTolerance(int n, double absSum) {
        double u = 0x1p-24, g = (n + 2) * u;
        return g / (1 - g) * absSum + Float.MIN_NORMAL;
    }
}
