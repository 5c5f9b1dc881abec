#!/usr/bin/python3
"""Writes a Llama-family checkpoint with random weights, in the Hugging Face layout (config.json +
model.safetensors, BF16 or F32), for speed measurements at real shapes. Nothing here is trained: the
weights are N(0, 1/in) matrices and unit norms, so activations stay O(1) and attention is roughly
uniform. The folder name should say "random" so that reports flag it.

Default shape: Llama-3.2-1B (16 layers, hidden 2048, 32 heads, 8 KV heads, head dim 64, FFN 8192,
tied embeddings, rope_theta 500000) with the vocabulary reduced from 128256 to --vocab.

Usage: random_llama.py --out DIR [--vocab 32000] [--dtype bf16|f32] [--seed 1] [--layers 16] ...
Tensors are generated and written one at a time (memory: one tensor), the header first.
With --byte-tokenizer a tokenizer.json is written too: byte-level BPE without merges (ids 0..2 are
<unk>, <s>, </s>; byte b is id 3 + b), so any text tokenizes, one token per byte (vocab >= 259).
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np


def shapes(a):
    h, hd, q, kv = a.hidden, a.head_dim, a.heads * a.head_dim, a.kv_heads * a.head_dim
    # embeddings N(0, 1/hidden): the tied output layer then gives logits of standard deviation about 1
    out = [("model.embed_tokens.weight", (a.vocab, h), 1 / math.sqrt(h))]
    for i in range(a.layers):
        p = "model.layers.%d." % i
        out += [(p + "input_layernorm.weight", (h,), None),
                (p + "self_attn.q_proj.weight", (q, h), 1 / math.sqrt(h)),
                (p + "self_attn.k_proj.weight", (kv, h), 1 / math.sqrt(h)),
                (p + "self_attn.v_proj.weight", (kv, h), 1 / math.sqrt(h)),
                (p + "self_attn.o_proj.weight", (h, q), 1 / math.sqrt(q)),
                (p + "post_attention_layernorm.weight", (h,), None),
                (p + "mlp.gate_proj.weight", (a.ffn, h), 1 / math.sqrt(h)),
                (p + "mlp.up_proj.weight", (a.ffn, h), 1 / math.sqrt(h)),
                (p + "mlp.down_proj.weight", (h, a.ffn), 1 / math.sqrt(a.ffn))]
    out.append(("model.norm.weight", (h,), None))
    return out


def to_bf16(x):
    """float32 -> bfloat16 bits, round to nearest even."""
    u = x.astype(np.float32).view(np.uint32)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def bytes_to_unicode():
    """GPT-2's reversible map from bytes to printable characters (what the ByteLevel pre-tokenizer emits)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\xa1"), ord("\xac") + 1)) + list(range(ord("\xae"), ord("\xff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def byte_tokenizer():
    table = bytes_to_unicode()
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab[table[b]] = 3 + b
    special = [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
               for t, i in (("<unk>", 0), ("<s>", 1), ("</s>", 2))]
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": special, "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
            "post_processor": None, "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
            "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None, "end_of_word_suffix": None,
                      "fuse_unk": False, "vocab": vocab, "merges": []}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--dtype", choices=["bf16", "f32"], default="bf16")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--layers", type=int, default=16)
    ap.add_argument("--hidden", type=int, default=2048)
    ap.add_argument("--heads", type=int, default=32)
    ap.add_argument("--kv-heads", type=int, default=8)
    ap.add_argument("--head-dim", type=int, default=64)
    ap.add_argument("--ffn", type=int, default=8192)
    ap.add_argument("--max-context", type=int, default=131072)
    ap.add_argument("--byte-tokenizer", action="store_true")
    a = ap.parse_args()
    if a.byte_tokenizer and a.vocab < 259:
        sys.exit("--byte-tokenizer needs --vocab >= 259")
    os.makedirs(a.out, exist_ok=True)
    cfg = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "_name_or_path": "random-llama",
           "hidden_size": a.hidden, "num_hidden_layers": a.layers, "num_attention_heads": a.heads,
           "num_key_value_heads": a.kv_heads, "head_dim": a.head_dim, "intermediate_size": a.ffn, "vocab_size": a.vocab,
           "rms_norm_eps": 1e-5, "rope_theta": 500000.0, "max_position_embeddings": a.max_context,
           "tie_word_embeddings": True, "hidden_act": "silu", "bos_token_id": 1, "eos_token_id": 2,
           "torch_dtype": "bfloat16" if a.dtype == "bf16" else "float32"}
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    if a.byte_tokenizer:
        with open(os.path.join(a.out, "tokenizer.json"), "w") as f:
            json.dump(byte_tokenizer(), f)
    width = 2 if a.dtype == "bf16" else 4
    dtype = "BF16" if a.dtype == "bf16" else "F32"
    header, off = {}, 0
    tensors = shapes(a)
    for name, shape, _ in tensors:
        n = int(np.prod(shape)) * width
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [off, off + n]}
        off += n
    header["__metadata__"] = {"format": "pt", "note": "random weights (ncsparse random_llama.py)"}
    hb = json.dumps(header).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    rng = np.random.default_rng(a.seed)
    path = os.path.join(a.out, "model.safetensors")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for name, shape, gain in tensors:
            if gain is None:
                x = (1.0 + 0.05 * rng.standard_normal(shape, dtype=np.float32))
            else:
                x = rng.standard_normal(shape, dtype=np.float32) * np.float32(gain)
            f.write((to_bf16(x) if a.dtype == "bf16" else x.astype("<f4")).tobytes())
    os.replace(tmp, path)
    print("wrote %s (%.2f GB, %s)" % (a.out, (8 + len(hb) + off) / 1e9, dtype), file=sys.stderr)


if __name__ == "__main__":
    main()
