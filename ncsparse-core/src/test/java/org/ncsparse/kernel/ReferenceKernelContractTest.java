package org.ncsparse.kernel;

/** The oracle passes its own contract (observer, masks, threads); its arithmetic is checked in NaiveAttentionTest. */
class ReferenceKernelContractTest extends KernelContractTest {
    @Override protected AttentionKernel kernel() { return ReferenceKernel.INSTANCE; }
}
