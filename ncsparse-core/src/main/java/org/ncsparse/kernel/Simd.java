package org.ncsparse.kernel;

/**
 * The one place that decides the SIMD width of every vector kernel in every module (attention,
 * decoding, block selection, the model GEMM and activations), once per JVM.
 *
 * <p>The system property {@code ncsparse.vector.bits} picks 512, 256 or 128 bits, or {@code 0} for the
 * plain-Java paths; unset means the platform's preferred width. Without the
 * {@code jdk.incubator.vector} module every path is plain Java, with a logged reason and the fix. A
 * width wider than the CPU's is clamped to the CPU's, also logged. This class never touches the
 * incubator module itself, so it loads on any JDK.
 */
public final class Simd {
    private Simd() {}

    /** The system property that forces a width: 512, 256, 128 or 0 (scalar). */
    public static final String PROPERTY = "ncsparse.vector.bits";

    private static final System.Logger LOG = System.getLogger(Simd.class.getName());
    private static final String WIDTH_PROBE = "org.ncsparse.kernel.vector.WidthProbe";

    private static final class Holder { static final int BITS = decide(); }

    /** Vector width in bits that every vector path uses; 0 when the plain-Java paths are in force. */
    public static int vectorBits() { return Holder.BITS; }

    /** True when the Vector API paths are in force. */
    public static boolean vectorized() { return Holder.BITS > 0; }

    /** One line for benchmark and report headers, e.g. "Vector API, 512-bit (16 float lanes)". */
    public static String describe() {
        int b = vectorBits();
        return b == 0 ? "plain Java (no SIMD)" : "Vector API, " + b + "-bit (" + b / 32 + " float lanes)";
    }

    /** Width the property asks for: -1 when unset, else 512, 256, 128 or 0; anything else is refused with a warning. */
    static int requested(String value) {
        if (value == null || value.isBlank()) return -1;
        try {
            int bits = Integer.parseInt(value.trim());
            if (bits == 0 || bits == 128 || bits == 256 || bits == 512) return bits;
        } catch (NumberFormatException ignored) {
            // falls through to the warning
        }
        LOG.log(System.Logger.Level.WARNING, PROPERTY + "=" + value + " is not one of 512, 256, 128, 0; using the CPU's preferred width");
        return -1;
    }

    private static int decide() {
        int asked = requested(System.getProperty(PROPERTY));
        if (Boolean.getBoolean("ncsparse.scalar")) asked = 0; // older spelling of ncsparse.vector.bits=0
        if (asked == 0) return 0;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Vector API not available, using the plain-Java kernels;"
                    + " for SIMD kernels run java with --add-modules jdk.incubator.vector");
            return 0;
        }
        int preferred;
        try {
            preferred = (int) Class.forName(WIDTH_PROBE).getMethod("preferredBits").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Vector API could not be initialised (" + e + "); using the plain-Java kernels");
            return 0;
        }
        if (preferred < 128) {
            LOG.log(System.Logger.Level.WARNING, "the CPU's preferred vector width is " + preferred + " bits; using the plain-Java kernels");
            return 0;
        }
        if (asked < 0) return preferred;
        if (asked > preferred) {
            LOG.log(System.Logger.Level.WARNING, PROPERTY + "=" + asked + " is wider than this CPU's " + preferred + " bits; using " + preferred);
            return preferred;
        }
        return asked;
    }
}
