package org.ncsparse.kernel;

import org.ncsparse.kernel.vector.VectorKernel;

class VectorKernelContractTest extends KernelContractTest {
    @Override protected AttentionKernel kernel() { return VectorKernel.INSTANCE; }
}
