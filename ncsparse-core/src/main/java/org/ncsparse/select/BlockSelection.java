package org.ncsparse.select;

import org.ncsparse.budget.CountBudget;

/**
 * Options of block-sparse prefill (see {@link org.ncsparse.attention.BlockSparseAttention}): queries
 * and keys are cut into blocks of {@code blockSize}; each query block keeps {@code sinkBlocks} first key
 * blocks, {@code localBlocks} key blocks ending at its diagonal (causal) or around it, and the
 * {@code blockBudget.k(visible blocks)} key blocks whose largest sampled logit is highest, where the
 * samples are {@code sampleRows} evenly spaced query rows of the block scored exactly against every
 * visible key.
 *
 * <p>With {@code massTarget} τ in (0, 1] each sampled row also keeps the fewest key blocks that hold
 * τ of its softmax mass (a block's mass estimated by its largest term, from the same logits); when the sampled rows
 * disagree — some block is in one row's cover and not another's — {@code sampleRows} more rows,
 * midway between the first, are scored and their covers kept too, up to {@code maxSampleRows} rows.
 * τ = 0 turns this off (top-k blocks by largest logit only).
 */
public record BlockSelection(int blockSize, CountBudget blockBudget, int sampleRows, int sinkBlocks, int localBlocks,
                             double massTarget, int maxSampleRows) {
    public BlockSelection {
        if (blockSize < 1 || blockSize > 4096) throw new IllegalArgumentException("blockSize must be in [1, 4096], got " + blockSize);
        if (blockBudget == null) throw new IllegalArgumentException("blockBudget must not be null (e.g. BudgetPolicy.power(2, 0.5))");
        if (sampleRows < 1) throw new IllegalArgumentException("sampleRows must be >= 1, got " + sampleRows);
        if (sinkBlocks < 0) throw new IllegalArgumentException("sinkBlocks must be >= 0, got " + sinkBlocks);
        if (localBlocks < 1) throw new IllegalArgumentException("localBlocks must be >= 1 (the diagonal block keeps every row's own neighbourhood visible), got " + localBlocks);
        if (!(massTarget >= 0 && massTarget <= 1)) throw new IllegalArgumentException("massTarget must be in [0, 1] (0 = off), got " + massTarget);
        if (maxSampleRows < sampleRows) throw new IllegalArgumentException("maxSampleRows must be >= sampleRows = " + sampleRows + ", got " + maxSampleRows);
    }

    /** Top-k blocks by largest sampled logit only (no mass cover). */
    public BlockSelection(int blockSize, CountBudget blockBudget, int sampleRows, int sinkBlocks, int localBlocks) {
        this(blockSize, blockBudget, sampleRows, sinkBlocks, localBlocks, 0, sampleRows);
    }
}
