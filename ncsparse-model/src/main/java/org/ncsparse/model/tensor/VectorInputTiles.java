package org.ncsparse.model.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ncsparse.kernel.vector.Vec;

/** Vector API version of {@link InputTiles#multiply}: accumulators are locals, never arrays. */
final class VectorInputTiles {
    private VectorInputTiles() {}

    private static final VectorSpecies<Float> S = Vec.S;
    static final int L = S.length();

    /** mp a multiple of L. */
    static void multiply(float[] w, int nb, int n, float[] xt, int mp, float[] out) {
        int k = 0;
        for (; k + 4 <= nb; k += 4) {
            int c = 0;
            for (; c + 4 * L <= mp; c += 4 * L) tile4x4(w, k * n, n, xt, mp, c, out, k * mp + c);
            for (; c + 2 * L <= mp; c += 2 * L) tile4x2(w, k * n, n, xt, mp, c, out, k * mp + c);
            for (; c < mp; c += L) tile4x1(w, k * n, n, xt, mp, c, out, k * mp + c);
        }
        for (; k < nb; k++)
            for (int c = 0; c < mp; c += L) tile1x1(w, k * n, n, xt, mp, c, out, k * mp + c);
    }

    /** 4 weight rows × 4 vectors of inputs: per j, 4 loads and 4 broadcasts feed 16 FMAs (21 registers of AVX-512's 32). */
    private static void tile4x4(float[] w, int w0, int n, float[] xt, int mp, int c, float[] out, int o) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
        for (int j = 0, xo = c; j < n; j++, xo += mp) {
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
        o += mp;
        a10.intoArray(out, o); a11.intoArray(out, o + L); a12.intoArray(out, o + 2 * L); a13.intoArray(out, o + 3 * L);
        o += mp;
        a20.intoArray(out, o); a21.intoArray(out, o + L); a22.intoArray(out, o + 2 * L); a23.intoArray(out, o + 3 * L);
        o += mp;
        a30.intoArray(out, o); a31.intoArray(out, o + L); a32.intoArray(out, o + 2 * L); a33.intoArray(out, o + 3 * L);
    }

    /** 4 weight rows × 2 vectors of inputs: per j, 2 loads and 4 broadcasts feed 8 FMAs. */
    private static void tile4x2(float[] w, int w0, int n, float[] xt, int mp, int c, float[] out, int o) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
        for (int j = 0, xo = c; j < n; j++, xo += mp) {
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
        a10.intoArray(out, o + mp); a11.intoArray(out, o + mp + L);
        a20.intoArray(out, o + 2 * mp); a21.intoArray(out, o + 2 * mp + L);
        a30.intoArray(out, o + 3 * mp); a31.intoArray(out, o + 3 * mp + L);
    }

    /** 4 weight rows × 1 vector of inputs. */
    private static void tile4x1(float[] w, int w0, int n, float[] xt, int mp, int c, float[] out, int o) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int w1 = w0 + n, w2 = w1 + n, w3 = w2 + n;
        for (int j = 0, xo = c; j < n; j++, xo += mp) {
            FloatVector u = FloatVector.fromArray(S, xt, xo);
            a0 = FloatVector.broadcast(S, w[w0 + j]).fma(u, a0);
            a1 = FloatVector.broadcast(S, w[w1 + j]).fma(u, a1);
            a2 = FloatVector.broadcast(S, w[w2 + j]).fma(u, a2);
            a3 = FloatVector.broadcast(S, w[w3 + j]).fma(u, a3);
        }
        a0.intoArray(out, o); a1.intoArray(out, o + mp); a2.intoArray(out, o + 2 * mp); a3.intoArray(out, o + 3 * mp);
    }

    private static void tile1x1(float[] w, int w0, int n, float[] xt, int mp, int c, float[] out, int o) {
        FloatVector a = FloatVector.zero(S);
        for (int j = 0, xo = c; j < n; j++, xo += mp) a = FloatVector.broadcast(S, w[w0 + j]).fma(FloatVector.fromArray(S, xt, xo), a);
        a.intoArray(out, o);
    }
}
