package org.ncsparse.lab.model;

/**
 * Quality of one sparse configuration against exact attention on a chunked corpus.
 *
 * @param avgBudget     measured mean kept keys per attention row (all layers, heads, rows of the chunks)
 * @param keptFraction  measured mean of kept/visible per row
 * @param cosMean       mean cosine between sparse and exact chunk embeddings (cosMin the minimum)
 * @param recallAt1     fraction of queries whose sparse top-1 chunk equals the exact top-1
 * @param recallAt10    mean |top10_sparse ∩ top10_exact| / 10
 * @param selfAt1       fraction of queries whose own chunk is the sparse top-1 (exact's is in the exact row)
 */
public record EvalRow(String family, String policy, double target, double avgBudget, double keptFraction,
                      double cosMean, double cosMin, double recallAt1, double recallAt10, double selfAt1, double seconds) {}
