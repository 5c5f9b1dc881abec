package org.ncsparse.kernel;

/**
 * Picks the fastest kernel available: the Vector API one when the {@code jdk.incubator.vector}
 * module is present, else the plain-Java one, with a logged reason and the fix. Loaded lazily, once.
 */
public final class KernelProvider {
    private KernelProvider() {}

    private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());
    private static final String VECTOR_KERNEL = "org.ncsparse.kernel.vector.VectorKernel";

    private static final class Holder { static final AttentionKernel BEST = load(); }

    /** The kernel {@link org.ncsparse.attention.Attention} uses when the request names none. */
    public static AttentionKernel best() { return Holder.BEST; }

    /** The plain-Java kernel (always available). */
    public static AttentionKernel scalar() { return ScalarKernel.INSTANCE; }

    /** The double-precision oracle. */
    public static AttentionKernel reference() { return ReferenceKernel.INSTANCE; }

    private static AttentionKernel load() {
        if (!Simd.vectorized()) return scalar(); // Simd logged why
        try {
            return (AttentionKernel) Class.forName(VECTOR_KERNEL).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Vector kernel could not be loaded (" + e + "); using the plain-Java kernel");
            return scalar();
        }
    }
}
