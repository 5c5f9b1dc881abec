package org.ncsparse.kernel;

class ScalarKernelContractTest extends KernelContractTest {
    @Override protected AttentionKernel kernel() { return ScalarKernel.INSTANCE; }
}
