#!/usr/bin/python3
"""Writes a Llama-family checkpoint with random weights, in the Hugging Face layout (config.json +
model.safetensors, BF16 or F32), for speed measurements at real shapes. Nothing here is trained: the
weights are N(0, 1/in) matrices and unit norms, so activations stay O(1) and attention is roughly
uniform. The folder name should say "random" so that reports flag it.

Default shape: Llama-3.2-1B (16 layers, hidden 2048, 32 heads, 8 KV heads, head dim 64, FFN 8192,
tied embeddings, rope_theta 500000) with the vocabulary reduced from 128256 to --vocab.

Usage: random_llama.py --out DIR [--vocab 32000] [--dtype bf16|f32|q8_0|q4_0] [--seed 1] [--layers 16] ...
bf16/f32 write the Hugging Face folder; q8_0/q4_0 write DIR/model.gguf (GGUF v3, llama.cpp's names,
Q/K rows permuted for its interleaved RoPE, norms in F32, no tokenizer: drive it with token ids),
quantised with llama.cpp's reference rounding (the formats module's test writer ncsparse_formats.py).
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


GGUF_NAMES = {"input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
              "self_attn.q_proj.weight": "attn_q.weight", "self_attn.k_proj.weight": "attn_k.weight",
              "self_attn.v_proj.weight": "attn_v.weight", "self_attn.o_proj.weight": "attn_output.weight",
              "mlp.gate_proj.weight": "ffn_gate.weight", "mlp.up_proj.weight": "ffn_up.weight",
              "mlp.down_proj.weight": "ffn_down.weight"}


def gguf_name(name):
    if name == "model.embed_tokens.weight":
        return "token_embd.weight"
    if name == "model.norm.weight":
        return "output_norm.weight"
    layer, rest = name[len("model.layers."):].split(".", 1)
    return "blk.%s.%s" % (layer, GGUF_NAMES[rest])


def permute_rows(w, heads):
    """llama.cpp's converter: within each head, rows (i, i + d/2) become (2i, 2i + 1)."""
    rows, cols = w.shape
    return w.reshape(heads, 2, rows // heads // 2, cols).swapaxes(1, 2).reshape(rows, cols)


def write_gguf(a, cfg, tensors, rng):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../ncsparse-model/src/test/python"))
    import ncsparse_formats as nf  # llama.cpp-exact Q8_0/Q4_0 quantisers and the GGUF value encoders
    qtype = a.dtype.upper()
    block = {"Q8_0": 34, "Q4_0": 18}[qtype]
    meta = {"general.architecture": "llama", "general.name": "ncsparse-random-llama",
            "llama.context_length": a.max_context, "llama.embedding_length": a.hidden, "llama.block_count": a.layers,
            "llama.feed_forward_length": a.ffn, "llama.attention.head_count": a.heads,
            "llama.attention.head_count_kv": a.kv_heads, "llama.attention.key_length": a.head_dim,
            "llama.attention.value_length": a.head_dim, "llama.attention.layer_norm_rms_epsilon": cfg["rms_norm_eps"],
            "llama.rope.freq_base": cfg["rope_theta"], "llama.rope.dimension_count": a.head_dim,
            "tokenizer.ggml.bos_token_id": 1, "tokenizer.ggml.eos_token_id": 2}
    kv = []
    for k, v in meta.items():
        t = nf._infer(v)
        kv.append(nf._string(k) + struct.pack("<I", nf.GGUF_TYPES[t.gtype]) + nf._value(t.gtype, t.value, t.element))
    infos, off = [], 0
    for name, shape, gain in tensors:
        ttype = "F32" if gain is None else qtype
        count = int(np.prod(shape))
        size = count * 4 if ttype == "F32" else count // 32 * block
        dims = list(reversed(shape))
        infos.append(nf._string(gguf_name(name)) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
                     + struct.pack("<IQ", nf.GGML_TYPES[ttype], off))
        off += size + (-size) % 32
    head = b"GGUF" + struct.pack("<IQQ", 3, len(infos), len(kv)) + b"".join(kv) + b"".join(infos)
    head += b"\0" * ((-len(head)) % 32)
    path = os.path.join(a.out, "model.gguf")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(head)
        for name, shape, gain in tensors:
            x = sample(rng, shape, gain)
            if name.endswith("q_proj.weight"):
                x = permute_rows(x, a.heads)
            elif name.endswith("k_proj.weight"):
                x = permute_rows(x, a.kv_heads)
            data = x.astype("<f4").tobytes() if gain is None else nf.encode(x, qtype)[0]
            f.write(data + b"\0" * ((-len(data)) % 32))
    os.replace(tmp, path)
    return len(head) + off


def sample(rng, shape, gain):
    if gain is None:
        return 1.0 + 0.05 * rng.standard_normal(shape, dtype=np.float32)
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(gain)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--dtype", choices=["bf16", "f32", "q8_0", "q4_0"], default="bf16")
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
    if a.dtype in ("q8_0", "q4_0") and (a.byte_tokenizer or a.hidden % 32 or a.ffn % 32 or a.heads * a.head_dim % 32):
        sys.exit("--dtype %s writes GGUF without a tokenizer and needs hidden, ffn and heads*head_dim divisible by 32" % a.dtype)
    os.makedirs(a.out, exist_ok=True)
    cfg = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "_name_or_path": "random-llama",
           "hidden_size": a.hidden, "num_hidden_layers": a.layers, "num_attention_heads": a.heads,
           "num_key_value_heads": a.kv_heads, "head_dim": a.head_dim, "intermediate_size": a.ffn, "vocab_size": a.vocab,
           "rms_norm_eps": 1e-5, "rope_theta": 500000.0, "max_position_embeddings": a.max_context,
           "tie_word_embeddings": True, "hidden_act": "silu", "bos_token_id": 1, "eos_token_id": 2,
           "torch_dtype": "bfloat16" if a.dtype == "bf16" else "float32"}
    rng = np.random.default_rng(a.seed)
    if a.dtype in ("q8_0", "q4_0"):
        size = write_gguf(a, cfg, shapes(a), rng)
        print("wrote %s (%.2f GB, %s)" % (os.path.join(a.out, "model.gguf"), size / 1e9, a.dtype.upper()), file=sys.stderr)
        return
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
    path = os.path.join(a.out, "model.safetensors")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for name, shape, gain in tensors:
            x = sample(rng, shape, gain)
            f.write((to_bf16(x) if a.dtype == "bf16" else x.astype("<f4")).tobytes())
    os.replace(tmp, path)
    print("wrote %s (%.2f GB, %s)" % (a.out, (8 + len(hb) + off) / 1e9, dtype), file=sys.stderr)


if __name__ == "__main__":
    main()
