package org.ncsparse.bench;

/**
 * The encoder row (pure-Java MiniLM vs ONNX Runtime Java at 128 and 512 tokens). The pure-Java
 * encoder lives in ncsparse-model and has not landed yet; until it does, the row says so.
 */
public final class EncoderPeer {
    private EncoderPeer() {}

    /** Why the encoder row has no numbers (null once it is wired in). */
    public static String unavailableReason() {
        return "encoder not yet available (the pure-Java encoder in ncsparse-model has not landed)";
    }
}
