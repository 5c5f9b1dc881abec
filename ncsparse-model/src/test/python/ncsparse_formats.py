"""Writers of small model files for tests: Hugging Face safetensors (single file or shards with
model.safetensors.index.json) and GGUF v3 (F32, F16, BF16, Q8_0, Q4_0), with Q8_0/Q4_0 quantised
exactly as llama.cpp's reference quantisers do (float32 arithmetic, same rounding), and the
dequantised float32 values every quantised tensor stands for.

Needs only numpy (Debian's python3-numpy, run with /usr/bin/python3).

Command line (used by the Java tests):
    python3 ncsparse_formats.py fixture OUT_DIR SEED
writes OUT_DIR/model.gguf (one random matrix per tensor type, metadata of every GGUF value type),
OUT_DIR/st/model.safetensors, the same tensors in two shards with an index in OUT_DIR/sharded/,
OUT_DIR/expected/<name>.npy: the float32 value of every tensor as
stored (dequantised for Q8_0/Q4_0), shaped outermost dimension first, and <name>.input.npy: the
float32 input each quantised tensor was made from.
"""
import json
import os
import struct
import sys

import numpy as np

# ---------------------------------------------------------------- float encodings

def to_bf16_bits(a):
    """float32 -> bfloat16 bit patterns (uint16), round to nearest even; NaN stays NaN."""
    bits = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)
    nan = np.isnan(np.asarray(a, dtype=np.float32))
    return np.where(nan, ((bits >> 16) | 0x40).astype(np.uint16), rounded)


def from_bf16_bits(h):
    return (np.asarray(h, dtype=np.uint32) << 16).view(np.float32)


def encode_float(a, dtype):
    """Little-endian bytes of a in F32, F16 or BF16, and the float32 values stored."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    if dtype == "F32":
        return a.astype("<f4").tobytes(), a.copy()
    if dtype == "F16":
        h = a.astype("<f2")
        return h.tobytes(), h.astype(np.float32)
    if dtype == "BF16":
        h = to_bf16_bits(a).astype("<u2")
        return h.tobytes(), from_bf16_bits(h).reshape(a.shape)
    raise ValueError("dtype must be F32, F16 or BF16, got %r" % dtype)

# ---------------------------------------------------------------- llama.cpp quantisation

QK = 32


def _round_half_away(v):
    """C roundf on float32 values (exact: |v| + 0.5 is computed in float64)."""
    v = v.astype(np.float64)
    return np.sign(v) * np.floor(np.abs(v) + 0.5)


def quantize_q8_0(x):
    """quantize_row_q8_0_ref: d = amax/127, q = roundf(x/d) via x*(1/d), d stored as F16."""
    x = np.ascontiguousarray(x, dtype=np.float32).reshape(-1, QK)
    amax = np.max(np.abs(x), axis=1)
    d = (amax / np.float32(127)).astype(np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, np.float32(1)), np.float32(0)).astype(np.float32)
    q = _round_half_away((x * inv[:, None]).astype(np.float32)).astype(np.int8)
    out = np.zeros((x.shape[0], 34), dtype=np.uint8)
    out[:, 0:2] = d.astype("<f2").view(np.uint8).reshape(-1, 2)
    out[:, 2:] = q.view(np.uint8)
    return out.tobytes()


def quantize_q4_0(x):
    """quantize_row_q4_0_ref: d = (value of largest magnitude)/-8, q = min(15, (int8)(x/d + 8.5)),
    byte j = q[j] | q[j+16] << 4, d stored as F16."""
    x = np.ascontiguousarray(x, dtype=np.float32).reshape(-1, QK)
    idx = np.argmax(np.abs(x), axis=1)  # first index of the largest |x|, as the C loop's strict '<' picks
    mx = x[np.arange(x.shape[0]), idx]
    d = (mx / np.float32(-8)).astype(np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, np.float32(1)), np.float32(0)).astype(np.float32)
    v = ((x * inv[:, None]).astype(np.float32) + np.float32(8.5)).astype(np.float32)
    q = np.minimum(15, np.trunc(v.astype(np.float64))).astype(np.uint8)
    out = np.zeros((x.shape[0], 18), dtype=np.uint8)
    out[:, 0:2] = d.astype("<f2").view(np.uint8).reshape(-1, 2)
    out[:, 2:] = q[:, :16] | (q[:, 16:] << 4)
    return out.tobytes()


def dequantize(data, qtype, count):
    """The float32 values (dequantize_row_* of llama.cpp: q*d in float32) of count weights."""
    raw = np.frombuffer(data, dtype=np.uint8)
    if qtype == "Q8_0":
        blocks = raw.reshape(-1, 34)
        d = blocks[:, 0:2].copy().view("<f2").astype(np.float32)
        q = blocks[:, 2:].copy().view(np.int8).astype(np.float32)
        return (q * d).reshape(-1)[:count]
    if qtype == "Q4_0":
        blocks = raw.reshape(-1, 18)
        d = blocks[:, 0:2].copy().view("<f2").astype(np.float32)
        qs = blocks[:, 2:]
        q = np.concatenate([(qs & 0x0F), (qs >> 4)], axis=1).astype(np.int32) - 8
        return (q.astype(np.float32) * d).reshape(-1)[:count]
    raise ValueError("not a quantised type: %r" % qtype)


def encode(a, ttype):
    """Bytes of a stored as ttype (F32, F16, BF16, Q8_0, Q4_0) and the float32 values they stand for."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    if ttype in ("F32", "F16", "BF16"):
        return encode_float(a, ttype)
    if a.shape[-1] % QK != 0:
        raise ValueError("%s needs the innermost dimension to be a multiple of 32, got shape %s" % (ttype, a.shape))
    data = quantize_q8_0(a) if ttype == "Q8_0" else quantize_q4_0(a) if ttype == "Q4_0" else None
    if data is None:
        raise ValueError("unknown tensor type %r" % ttype)
    return data, dequantize(data, ttype, a.size).reshape(a.shape)

# ---------------------------------------------------------------- safetensors

def _atomic_write(path, chunks):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def write_safetensors(path, tensors, dtype="F32", metadata=None):
    """tensors: {name: array (outermost dimension first)}; dtype: one of F32/F16/BF16 or {name: dtype}.
    Returns {name: float32 values as stored}."""
    header, blobs, stored, off = {}, [], {}, 0
    for name, a in tensors.items():
        dt = dtype[name] if isinstance(dtype, dict) else dtype
        data, values = encode_float(a, dt)
        header[name] = {"dtype": dt, "shape": [int(s) for s in np.shape(a)], "data_offsets": [off, off + len(data)]}
        off += len(data)
        blobs.append(data)
        stored[name] = values
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    _atomic_write(path, [struct.pack("<Q", len(h)), h] + blobs)
    return stored


def write_sharded_safetensors(folder, tensors, dtype="F32", shards=2):
    """Splits tensors over `shards` files model-0000i-of-0000n.safetensors plus
    model.safetensors.index.json. Returns {name: float32 values as stored}."""
    names = list(tensors)
    shards = max(1, min(shards, len(names)))
    os.makedirs(folder, exist_ok=True)
    weight_map, stored, total = {}, {}, 0
    for s in range(shards):
        part = names[s * len(names) // shards:(s + 1) * len(names) // shards]
        fname = "model-%05d-of-%05d.safetensors" % (s + 1, shards)
        part_dtype = {n: dtype[n] for n in part} if isinstance(dtype, dict) else dtype
        stored.update(write_safetensors(os.path.join(folder, fname), {n: tensors[n] for n in part}, part_dtype))
        for n in part:
            weight_map[n] = fname
            dt = part_dtype[n] if isinstance(part_dtype, dict) else part_dtype
            total += int(np.size(tensors[n])) * (4 if dt == "F32" else 2)
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    _atomic_write(os.path.join(folder, "model.safetensors.index.json"), [json.dumps(index, indent=1).encode("utf-8")])
    return stored

# ---------------------------------------------------------------- GGUF

GGUF_TYPES = {"UINT8": 0, "INT8": 1, "UINT16": 2, "INT16": 3, "UINT32": 4, "INT32": 5, "FLOAT32": 6,
              "BOOL": 7, "STRING": 8, "ARRAY": 9, "UINT64": 10, "INT64": 11, "FLOAT64": 12}
_SCALAR = {"UINT8": "<B", "INT8": "<b", "UINT16": "<H", "INT16": "<h", "UINT32": "<I", "INT32": "<i",
           "FLOAT32": "<f", "BOOL": "<?", "UINT64": "<Q", "INT64": "<q", "FLOAT64": "<d"}
GGML_TYPES = {"F32": 0, "F16": 1, "Q4_0": 2, "Q8_0": 8, "BF16": 30}


class Typed:
    """A metadata value with an explicit GGUF type: Typed("UINT64", 5), Typed("ARRAY", [1, 2], "INT8")."""
    def __init__(self, gtype, value, element=None):
        self.gtype, self.value, self.element = gtype, value, element


def _infer(v):
    if isinstance(v, Typed):
        return v
    if isinstance(v, bool):
        return Typed("BOOL", v)
    if isinstance(v, int):
        return Typed("UINT32" if 0 <= v < 2 ** 32 else "INT32" if -2 ** 31 <= v < 2 ** 31 else "INT64", v)
    if isinstance(v, float):
        return Typed("FLOAT32", v)
    if isinstance(v, str):
        return Typed("STRING", v)
    if isinstance(v, np.ndarray):
        kinds = {np.dtype(np.float32): "FLOAT32", np.dtype(np.float64): "FLOAT64", np.dtype(np.int32): "INT32",
                 np.dtype(np.int64): "INT64", np.dtype(np.uint8): "UINT8", np.dtype(np.int8): "INT8",
                 np.dtype(np.uint32): "UINT32", np.dtype(np.int16): "INT16", np.dtype(np.uint16): "UINT16",
                 np.dtype(np.uint64): "UINT64", np.dtype(np.bool_): "BOOL"}
        return Typed("ARRAY", v.tolist(), kinds[v.dtype])
    if isinstance(v, (list, tuple)):
        if all(isinstance(e, str) for e in v):
            return Typed("ARRAY", list(v), "STRING")
        if all(isinstance(e, bool) for e in v):
            return Typed("ARRAY", list(v), "BOOL")
        if all(isinstance(e, int) for e in v):
            return Typed("ARRAY", list(v), "INT32")
        return Typed("ARRAY", [float(e) for e in v], "FLOAT32")
    raise TypeError("cannot store %r in GGUF metadata" % (v,))


def _string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(gtype, v, element=None):
    if gtype == "STRING":
        return _string(v)
    if gtype == "ARRAY":
        out = [struct.pack("<IQ", GGUF_TYPES[element], len(v))]
        out += [_value(element, e) for e in v]
        return b"".join(out)
    return struct.pack(_SCALAR[gtype], v)


def write_gguf(path, metadata, tensors, types=None, alignment=32):
    """GGUF v3: metadata {key: value} (types inferred, or Typed(...)); tensors {name: array, outermost
    dimension first} stored with ggml's reversed dims; types {name: F32|F16|BF16|Q8_0|Q4_0} (default
    F32). general.alignment is written when alignment != 32. Returns {name: float32 values as stored
    (dequantised for Q8_0/Q4_0)}."""
    types = types or {}
    meta = dict(metadata)
    if alignment != 32:
        meta["general.alignment"] = Typed("UINT32", alignment)
    kv = []
    for k, v in meta.items():
        t = _infer(v)
        kv.append(_string(k) + struct.pack("<I", GGUF_TYPES[t.gtype]) + _value(t.gtype, t.value, t.element))
    infos, blobs, stored, off = [], [], {}, 0
    for name, a in tensors.items():
        ttype = types.get(name, "F32")
        data, values = encode(a, ttype)
        dims = list(reversed(np.shape(a)))  # ggml: ne[0] is the innermost dimension
        infos.append(_string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
                     + struct.pack("<IQ", GGML_TYPES[ttype], off))
        pad = (-len(data)) % alignment
        blobs.append(data + b"\0" * pad)
        off += len(data) + pad
        stored[name] = values
    head = b"GGUF" + struct.pack("<IQQ", 3, len(infos), len(kv)) + b"".join(kv) + b"".join(infos)
    head += b"\0" * ((-len(head)) % alignment)
    _atomic_write(path, [head] + blobs)
    return stored

# ---------------------------------------------------------------- fixture for the Java tests

def write_npy(path, a):
    np.save(path, np.ascontiguousarray(a, dtype=np.float32))


def fixture(out, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    os.makedirs(os.path.join(out, "st"), exist_ok=True)
    tensors, types = {}, {}
    for t, shape in (("F32", (7, 45)), ("F16", (9, 33)), ("BF16", (5, 70)), ("Q8_0", (11, 96)), ("Q4_0", (13, 160))):
        name = "blk.0.%s.weight" % t.lower()
        a = rng.standard_normal(shape).astype(np.float32)
        a[0, :32] = 0  # an all-zero block: d = 0
        a[1, 5] = 40.0  # an outlier dominating its block
        tensors[name], types[name] = a, t
    tensors["norm.weight"] = rng.standard_normal(45).astype(np.float32)
    tensors["blk.0.cube"] = rng.standard_normal((2, 3, 4)).astype(np.float32)
    metadata = {
        "general.architecture": "llama",
        "general.name": "fixture ünïcode",
        "llama.block_count": 1,
        "llama.rope.freq_base": 500000.0,
        "u8": Typed("UINT8", 200), "i8": Typed("INT8", -100), "u16": Typed("UINT16", 60000), "i16": Typed("INT16", -30000),
        "u32": Typed("UINT32", 4000000000), "i32": Typed("INT32", -2000000000), "u64": Typed("UINT64", 2 ** 63 + 5),
        "i64": Typed("INT64", -2 ** 62), "f64": Typed("FLOAT64", 0.1), "yes": True,
        "tokenizer.ggml.tokens": ["<s>", "</s>", "hello", "wörld", ""],
        "tokenizer.ggml.scores": np.array([0.0, -1.0, -2.5, -3.0, -4.0], dtype=np.float32),
        "tokenizer.ggml.token_type": np.array([3, 3, 1, 1, 1], dtype=np.int32),
        "bytes": np.array([1, 2, 255], dtype=np.uint8),
        "flags": [True, False],
        "wide": Typed("ARRAY", [2 ** 40, -1], "INT64"),
    }
    stored = write_gguf(os.path.join(out, "model.gguf"), metadata, tensors, types, alignment=64)
    for name, v in stored.items():
        write_npy(os.path.join(out, "expected", name + ".npy"), v)
        if types.get(name, "F32").startswith("Q"):
            write_npy(os.path.join(out, "expected", name + ".input.npy"), tensors[name])
    st = {"f32": rng.standard_normal((6, 10)).astype(np.float32), "f16": rng.standard_normal((3, 17)).astype(np.float32),
          "bf16": rng.standard_normal((4, 4)).astype(np.float32)}
    st_types = {"f32": "F32", "f16": "F16", "bf16": "BF16"}
    st_stored = write_safetensors(os.path.join(out, "st", "model.safetensors"), st, st_types)
    for name, v in st_stored.items():
        write_npy(os.path.join(out, "expected", "st." + name + ".npy"), v)
    sharded = write_sharded_safetensors(os.path.join(out, "sharded"), st, st_types, shards=2)
    for name, v in sharded.items():
        write_npy(os.path.join(out, "expected", "sharded." + name + ".npy"), v)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "fixture":
        fixture(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: ncsparse_formats.py fixture OUT_DIR SEED")
