package org.ncsparse.model.llama;

import static org.ncsparse.model.llama.MetadataValues.bool;
import static org.ncsparse.model.llama.MetadataValues.has;
import static org.ncsparse.model.llama.MetadataValues.integer;
import static org.ncsparse.model.llama.MetadataValues.string;

import java.util.Map;
import org.ncsparse.model.tokenizer.Gpt2BpeTokenizer;
import org.ncsparse.model.tokenizer.SentencePieceTokenizer;
import org.ncsparse.model.tokenizer.TextTokenizer;

/**
 * The tokenizer embedded in GGUF metadata: {@code tokenizer.ggml.model} = {@code llama}
 * (SentencePiece: tokens, scores, token types) or {@code gpt2} (byte-level BPE: tokens, merges, the
 * pre-tokenizer named by {@code tokenizer.ggml.pre}).
 */
public final class GgufTokenizers {
    public static final String MODEL = "tokenizer.ggml.model", TOKENS = "tokenizer.ggml.tokens", SCORES = "tokenizer.ggml.scores",
            TYPES = "tokenizer.ggml.token_type", MERGES = "tokenizer.ggml.merges", PRE = "tokenizer.ggml.pre",
            BOS = "tokenizer.ggml.bos_token_id", EOS = "tokenizer.ggml.eos_token_id", UNK = "tokenizer.ggml.unknown_token_id",
            SPACE_PREFIX = "tokenizer.ggml.add_space_prefix", ADD_BOS = "tokenizer.ggml.add_bos_token";

    private GgufTokenizers() {}

    /** The tokenizer, or IllegalStateException naming the missing or unsupported metadata. */
    public static TextTokenizer fromMetadata(Map<String, ?> meta, String file) {
        if (!has(meta, MODEL))
            throw new IllegalStateException(file + " has no tokenizer: metadata key '" + MODEL + "' is missing (pass token ids instead, e.g. --ids)");
        try {
            String model = string(meta, MODEL);
            if (!has(meta, TOKENS)) throw new IllegalArgumentException("metadata key '" + TOKENS + "' is missing");
            String[] tokens = MetadataValues.strings(meta, TOKENS);
            int[] types = has(meta, TYPES) ? MetadataValues.ints(meta, TYPES) : null;
            // bos() is the id sequences start with by the model's convention: add_bos_token when present,
            // else llama.cpp's defaults (SentencePiece models prepend it, BPE models do not)
            boolean addBos = bool(meta, ADD_BOS, model.equals("llama"));
            int bos = addBos ? (int) integer(meta, BOS, -1) : -1, eos = (int) integer(meta, EOS, -1);
            return switch (model) {
                case "llama" -> {
                    if (!has(meta, SCORES)) throw new IllegalArgumentException("metadata key '" + SCORES + "' is missing (SentencePiece needs scores)");
                    yield new SentencePieceTokenizer(tokens, MetadataValues.floats(meta, SCORES), types, bos, eos,
                            (int) integer(meta, UNK, -1), bool(meta, SPACE_PREFIX, true));
                }
                case "gpt2" -> {
                    if (!has(meta, MERGES)) throw new IllegalArgumentException("metadata key '" + MERGES + "' is missing (byte-level BPE needs merges)");
                    String pre = has(meta, PRE) ? string(meta, PRE) : null;
                    yield new Gpt2BpeTokenizer(tokens, MetadataValues.strings(meta, MERGES), types, Gpt2BpeTokenizer.patternFor(pre), bos, eos);
                }
                default -> throw new IllegalArgumentException("metadata key '" + MODEL + "' is '" + model + "'; supported: llama (SentencePiece), gpt2 (BPE)");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": cannot build the tokenizer: " + e.getMessage(), e);
        }
    }
}
