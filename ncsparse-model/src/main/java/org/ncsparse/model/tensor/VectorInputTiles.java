package org.ncsparse.model.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.Vec;

/**
 * Vector API version of {@link InputTiles#multiplyAdd}. The transposed inputs come in panels of
 * {@link InputTiles#panelWidth} inputs (4, 2 or 1 vectors), each panel's rows contiguous, so a tile
 * walks its panel with a constant stride (as the packed weight panels of {@code block.Gemm}); the
 * slice of a panel for one chunk of columns (kc × 4L floats) stays in L1 while every 4-row tile of
 * the block's weights passes over it. Accumulators are locals, never arrays, loaded from and stored
 * back to out, so one chunk of columns continues the sums of the previous one.
 */
final class VectorInputTiles {
    private VectorInputTiles() {}

    private static final VectorSpecies<Float> S = Vec.S;
    static final int L = S.length();

    /**
     * out[k·mp + i] += Σ_{j < n} w[k·ws + j0 + j]·x_i[j0 + j] for k < nb, i < mp, where xt holds the
     * inputs in panels over cols columns and w holds nb whole rows of weights, ws apart.
     */
    static void multiplyAdd(float[] w, int ws, int nb, int n, float[] xt, int cols, int mp, int j0, float[] out) {
        for (int c0 = 0; c0 < mp; ) {
            int pw = InputTiles.panelWidth(mp - c0), x0 = c0 * cols + j0 * pw, k = 0;
            for (; k + 4 <= nb; k += 4) {
                int o = k * mp + c0;
                if (pw == 4 * L) tile4x4(w, k * ws + j0, ws, n, xt, x0, out, o, mp);
                else if (pw == 2 * L) tile4x2(w, k * ws + j0, ws, n, xt, x0, out, o, mp);
                else tile4x1(w, k * ws + j0, ws, n, xt, x0, out, o, mp);
            }
            for (; k < nb; k++)
                for (int v = 0; v < pw; v += L) tile1x1(w, k * ws + j0, n, xt, x0 + v, pw, out, k * mp + c0 + v);
            c0 += pw;
        }
    }

    /** 4 weight rows × 4 vectors of inputs: per j, 4 loads and 4 broadcasts feed 16 FMAs (21 registers of AVX-512's 32). */
    private static void tile4x4(float[] w, int w0, int ws, int n, float[] xt, int x0, float[] out, int o, int mp) {
        int o1 = o + mp, o2 = o1 + mp, o3 = o2 + mp;
        FloatVector a00 = FloatVector.fromArray(S, out, o), a01 = FloatVector.fromArray(S, out, o + L);
        FloatVector a02 = FloatVector.fromArray(S, out, o + 2 * L), a03 = FloatVector.fromArray(S, out, o + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, out, o1), a11 = FloatVector.fromArray(S, out, o1 + L);
        FloatVector a12 = FloatVector.fromArray(S, out, o1 + 2 * L), a13 = FloatVector.fromArray(S, out, o1 + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, out, o2), a21 = FloatVector.fromArray(S, out, o2 + L);
        FloatVector a22 = FloatVector.fromArray(S, out, o2 + 2 * L), a23 = FloatVector.fromArray(S, out, o2 + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, out, o3), a31 = FloatVector.fromArray(S, out, o3 + L);
        FloatVector a32 = FloatVector.fromArray(S, out, o3 + 2 * L), a33 = FloatVector.fromArray(S, out, o3 + 3 * L);
        int w1 = w0 + ws, w2 = w1 + ws, w3 = w2 + ws;
        for (int j = 0, xo = x0; j < n; j++, xo += 4 * L) {
            FloatVector u0 = FloatVector.fromArray(S, xt, xo), u1 = FloatVector.fromArray(S, xt, xo + L);
            FloatVector u2 = FloatVector.fromArray(S, xt, xo + 2 * L), u3 = FloatVector.fromArray(S, xt, xo + 3 * L);
            FloatVector s = FloatVector.broadcast(S, w[w0 + j]);
            a00 = s.fma(u0, a00); a01 = s.fma(u1, a01); a02 = s.fma(u2, a02); a03 = s.fma(u3, a03);
            s = FloatVector.broadcast(S, w[w1 + j]);
            a10 = s.fma(u0, a10); a11 = s.fma(u1, a11); a12 = s.fma(u2, a12); a13 = s.fma(u3, a13);
            s = FloatVector.broadcast(S, w[w2 + j]);
            a20 = s.fma(u0, a20); a21 = s.fma(u1, a21); a22 = s.fma(u2, a22); a23 = s.fma(u3, a23);
            s = FloatVector.broadcast(S, w[w3 + j]);
            a30 = s.fma(u0, a30); a31 = s.fma(u1, a31); a32 = s.fma(u2, a32); a33 = s.fma(u3, a33);
        }
        a00.intoArray(out, o); a01.intoArray(out, o + L); a02.intoArray(out, o + 2 * L); a03.intoArray(out, o + 3 * L);
        a10.intoArray(out, o1); a11.intoArray(out, o1 + L); a12.intoArray(out, o1 + 2 * L); a13.intoArray(out, o1 + 3 * L);
        a20.intoArray(out, o2); a21.intoArray(out, o2 + L); a22.intoArray(out, o2 + 2 * L); a23.intoArray(out, o2 + 3 * L);
        a30.intoArray(out, o3); a31.intoArray(out, o3 + L); a32.intoArray(out, o3 + 2 * L); a33.intoArray(out, o3 + 3 * L);
    }

    /** 4 weight rows × 2 vectors of inputs: per j, 2 loads and 4 broadcasts feed 8 FMAs. */
    private static void tile4x2(float[] w, int w0, int ws, int n, float[] xt, int x0, float[] out, int o, int mp) {
        int o1 = o + mp, o2 = o1 + mp, o3 = o2 + mp;
        FloatVector a00 = FloatVector.fromArray(S, out, o), a01 = FloatVector.fromArray(S, out, o + L);
        FloatVector a10 = FloatVector.fromArray(S, out, o1), a11 = FloatVector.fromArray(S, out, o1 + L);
        FloatVector a20 = FloatVector.fromArray(S, out, o2), a21 = FloatVector.fromArray(S, out, o2 + L);
        FloatVector a30 = FloatVector.fromArray(S, out, o3), a31 = FloatVector.fromArray(S, out, o3 + L);
        int w1 = w0 + ws, w2 = w1 + ws, w3 = w2 + ws;
        for (int j = 0, xo = x0; j < n; j++, xo += 2 * L) {
            FloatVector u0 = FloatVector.fromArray(S, xt, xo), u1 = FloatVector.fromArray(S, xt, xo + L);
            FloatVector s = FloatVector.broadcast(S, w[w0 + j]);
            a00 = s.fma(u0, a00); a01 = s.fma(u1, a01);
            s = FloatVector.broadcast(S, w[w1 + j]);
            a10 = s.fma(u0, a10); a11 = s.fma(u1, a11);
            s = FloatVector.broadcast(S, w[w2 + j]);
            a20 = s.fma(u0, a20); a21 = s.fma(u1, a21);
            s = FloatVector.broadcast(S, w[w3 + j]);
            a30 = s.fma(u0, a30); a31 = s.fma(u1, a31);
        }
        a00.intoArray(out, o); a01.intoArray(out, o + L);
        a10.intoArray(out, o1); a11.intoArray(out, o1 + L);
        a20.intoArray(out, o2); a21.intoArray(out, o2 + L);
        a30.intoArray(out, o3); a31.intoArray(out, o3 + L);
    }

    /** 4 weight rows × 1 vector of inputs. */
    private static void tile4x1(float[] w, int w0, int ws, int n, float[] xt, int x0, float[] out, int o, int mp) {
        FloatVector a0 = FloatVector.fromArray(S, out, o), a1 = FloatVector.fromArray(S, out, o + mp);
        FloatVector a2 = FloatVector.fromArray(S, out, o + 2 * mp), a3 = FloatVector.fromArray(S, out, o + 3 * mp);
        int w1 = w0 + ws, w2 = w1 + ws, w3 = w2 + ws;
        for (int j = 0, xo = x0; j < n; j++, xo += L) {
            FloatVector u = FloatVector.fromArray(S, xt, xo);
            a0 = FloatVector.broadcast(S, w[w0 + j]).fma(u, a0);
            a1 = FloatVector.broadcast(S, w[w1 + j]).fma(u, a1);
            a2 = FloatVector.broadcast(S, w[w2 + j]).fma(u, a2);
            a3 = FloatVector.broadcast(S, w[w3 + j]).fma(u, a3);
        }
        a0.intoArray(out, o); a1.intoArray(out, o + mp); a2.intoArray(out, o + 2 * mp); a3.intoArray(out, o + 3 * mp);
    }

    /** 1 weight row × 1 vector of inputs in a panel of stride pw (leftover rows). */
    private static void tile1x1(float[] w, int w0, int n, float[] xt, int x0, int pw, float[] out, int o) {
        FloatVector a = FloatVector.fromArray(S, out, o);
        for (int j = 0, xo = x0; j < n; j++, xo += pw) a = FloatVector.broadcast(S, w[w0 + j]).fma(FloatVector.fromArray(S, xt, xo), a);
        a.intoArray(out, o);
    }
}
