package org.ncsparse.lab.profile;

/**
 * Row-averaged attention statistics of one head at one context length n.
 *
 * @param sEps      mean S_ε per ε of the settings
 * @param kMass     mean k_mass(1−τ) per τ (smallest per-row k whose top-k mass ≥ 1−τ)
 * @param kNeeded   per τ: smallest single k whose top-k dropped mass, averaged over rows, is ≤ τ
 * @param dropped   mean dropped mass per budget policy of the settings
 * @param effSupport mean exp(entropy) of the rows
 * @param logitStd  mean over rows of the standard deviation of the logits (σ of SPEC §2)
 */
public record HeadPoint(int layer, int head, int n, int rows, double[] sEps, double[] kMass, int[] kNeeded,
                        double[] dropped, double effSupport, double logitStd) {
}
