package org.ncsparse.model.block;

/** The SwiGLU gate of Llama-family MLPs: h_i = silu(g_i) · u_i, silu(z) = z / (1 + e^(−z)). */
public final class SwiGlu {
    private SwiGlu() {}

    /** gate[i] = silu(gate[i]) · up[i] for i in [0, length). */
    public static void apply(float[] gate, float[] up, int length) { apply(gate, up, 0, length); }

    /** gate[i] = silu(gate[i]) · up[i] for i in [from, to). */
    public static void apply(float[] gate, float[] up, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = gate[i];
            gate[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }
}
