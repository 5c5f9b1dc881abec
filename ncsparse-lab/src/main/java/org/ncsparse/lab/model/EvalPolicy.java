package org.ncsparse.lab.model;

import org.ncsparse.model.block.AttentionPlan;

/**
 * One sparse configuration under evaluation.
 *
 * @param family  policy family (fixed, power, per-head, mass, sinkWindow)
 * @param label   the concrete policy, e.g. power:1.73,0.5
 * @param target  the average budget it was calibrated to (NaN for data-dependent policies)
 * @param plan    per layer/head budgets handed to the encoder
 */
public record EvalPolicy(String family, String label, double target, AttentionPlan plan) {}
