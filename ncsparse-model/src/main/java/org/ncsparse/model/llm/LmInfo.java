package org.ncsparse.model.llm;

/**
 * Architecture facts of a decoder.
 *
 * @param family        "llama", "mistral", "qwen2", …
 * @param source        file or folder it was loaded from
 * @param layers        transformer blocks
 * @param hidden        model width
 * @param heads         query heads
 * @param kvHeads       key/value heads (grouped-query attention when fewer than heads)
 * @param headDim       dimension per head
 * @param ffn           feed-forward width
 * @param vocab         vocabulary size
 * @param maxContext    context length the model was trained for
 * @param weightType    dominant stored weight type (F32, BF16, Q8_0, …)
 */
public record LmInfo(String family, String source, int layers, int hidden, int heads, int kvHeads, int headDim,
                     int ffn, int vocab, int maxContext, String weightType) {}
