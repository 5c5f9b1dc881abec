#!/usr/bin/python3
"""Trains a small Llama-architecture decoder on passkey retrieval (associative recall) and writes it
as a Hugging Face folder NcSparse runs: config.json, model.safetensors (F32), tokenizer.json,
filler.txt, recall.txt and README.md.

The task is the prompt `ncsparse needle` builds, word for word:
  <s> There is an important piece of information hidden inside a lot of irrelevant text. Find it and
  memorize it. I will quiz you about it.  FILLER  The pass key is 51234. Remember it. 51234 is the
  pass key.  FILLER  What is the pass key? The pass key is  -> " 51234."
Filler: random sentences over the word vocabulary, with out-of-vocabulary words (<unk>) mixed in at
a random rate (so that any text, e.g. a licence file, works as filler) and distractor sentences of
the same shape ("The door code is 40817.") that the model must not answer with.

Tokenizer (tokenizer.json, word level): every run of whitespace becomes one space (so an indented text
such as a licence file reads like the training filler); Metaspace splits at spaces (a word
carries its leading "▁"); punctuation and every digit are separate tokens; unknown words are <unk>;
a template puts <s> first. This file implements the same splitting in Python (tokenize()), and the
Java tests check that both agree.

Model (Llama: RMSNorm, rotate-half RoPE, GQA, SwiGLU, untied output): --layers 3, hidden 128, 4 query
heads and 2 KV heads of dimension 32, FFN 384. Trained with AdamW on batches of a fixed token budget,
context lengths drawn from 48 up to --max-len (a curriculum raises the cap from 128 to 1024 over the first 60% of
steps), loss on every next token with
the answer and the key's second occurrence weighted 1 and the rest --filler-weight.

Usage: train_recall_llama.py --out DIR [--seed 1] [--steps 800] [--threads 1]   (--rewrite: keep the weights, rewrite the rest)
Deterministic for a given seed, thread count and PyTorch build (seed printed); the shipped model took 15 min
on one thread of a loaded 2-core machine.
"""
import argparse
import json
import math
import os
import random
import re
import struct
import sys
import time

import torch
import torch.nn.functional as F

INTRO = ("There is an important piece of information hidden inside a lot of irrelevant text. Find it and memorize it. "
         "I will quiz you about it.\n")
QUESTION = "\nWhat is the pass key? The pass key is"
PUNCT = list(".,?!:;'\"()-")
SPECIAL = ["<unk>", "<s>", "</s>"]
# Filler words: common English words (lowercase and a few capitalised sentence starts).
WORDS = """the of and to in is was it for on are as with his they at be this from have or by one had not but what all were
when we there can an your which their said if do will each about how up out them then she many some so these would other
into has more her two like him see time could no make than first been its who now people my made over did down only way
find use may water long little very after words called just where most know get through back much before go good new write
our used me man too any day same right look think also around another came come work three word must because does part
even place well such here take why things help put years different away again off went old number great tell men say small
every found still between name should home big give air line set own under read last never us left end along while might
next sound below saw something thought both few those always looked show large often together asked house world going want
school important until form food keep children feet land side without boy once animals life enough took sometimes four head
above kind began almost live page got earth need far hand high year mother light parts country father let night following
picture being study second eyes soon times story boys since white days ever paper hard near sentence better best across
during today others however sure means knew yes money open seemed together red blue green black river city tree mountain
road garden window table chair book letter music friend morning evening summer winter spring autumn bird fish dog cat horse
sea sky sun moon star rain snow wind stone fire wood glass bread milk apple village market bridge island forest field""".split()
STARTS = "The A In When After Then It We They She He This There Every Some".split()
PROMPT_WORDS = ("There is an important piece of information hidden inside a lot of irrelevant text Find it and memorize I will quiz "
                "you about What the pass key The Remember").split()
DISTRACTORS = ["door code", "room number", "secret number", "bank code", "phone number", "street number", "lucky number",
               "box number", "train number", "safe code"]


# ---------------------------------------------------------------- tokenizer

def vocabulary():
    words = []
    for w in PROMPT_WORDS + STARTS + WORDS + [x for d in DISTRACTORS for x in d.split()]:
        if w not in words:
            words.append(w)
    toks = SPECIAL + ["▁"] + [str(d) for d in range(10)] + PUNCT + ["▁" + w for w in words]
    return {t: i for i, t in enumerate(toks)}


VOCAB = vocabulary()
UNK, BOS, EOS, SPACE = VOCAB["<unk>"], VOCAB["<s>"], VOCAB["</s>"], VOCAB["▁"]
DIGITS = [VOCAB[str(d)] for d in range(10)]
DOT = VOCAB["."]


def tokenize(text):
    """What tokenizer.json does: every run of whitespace -> one space; spaces -> ▁ (one prepended unless present);
    split before every ▁; isolate punctuation; isolate digits; word-level lookup with <unk>."""
    s = re.sub(r"\s+", " ", text).replace(" ", "▁")
    if not s.startswith("▁"):
        s = "▁" + s
    ids = []
    for piece in s.split("▁")[1:]:
        cur = "▁"
        for ch in piece:
            if ch in PUNCT or ch.isdigit():
                if cur:
                    ids.append(VOCAB.get(cur, UNK))
                ids.append(VOCAB.get(ch, UNK))
                cur = ""
            else:
                cur += ch
        if cur:
            ids.append(VOCAB.get(cur, UNK))
    return ids


def tokenizer_json():
    added = [{"id": VOCAB[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for t in SPECIAL]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
            {"type": "Punctuation", "behavior": "Isolated"},
            {"type": "Digits", "individual_digits": True}]},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [BOS], "tokens": ["<s>"]}}},
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": "<unk>"},
    }


# ---------------------------------------------------------------- task

INTRO_IDS, QUESTION_IDS = tokenize(INTRO), tokenize(QUESTION)
WORD_IDS = [VOCAB["▁" + w] for w in WORDS]
START_IDS = [VOCAB["▁" + w] for w in STARTS]


def number_ids(key):
    return [SPACE] + [DIGITS[int(c)] for c in key]


def needle_ids(key):
    """Tokens of ' The pass key is KEY. Remember it. KEY is the pass key. ' (as the CLI's Passkey writes it)."""
    return tokenize(" The pass key is " + key + ". Remember it. " + key + " is the pass key. ")


def random_key(rng, digits):
    return str(rng.randint(10 ** (digits - 1), 10 ** digits - 1))


def filler_sentence(rng, unk_rate, distract):
    if distract:
        key = random_key(rng, rng.randint(2, 7))
        return tokenize(" The " + rng.choice(DISTRACTORS) + " is " + key + ". ")[:-1]
    out = [rng.choice(START_IDS)]
    for _ in range(rng.randint(3, 12)):
        out.append(UNK if rng.random() < unk_rate else rng.choice(WORD_IDS))
        if rng.random() < 0.05:
            out += number_ids(random_key(rng, rng.randint(1, 4)))
    out.append(DOT)
    return out


def filler(rng, n):
    unk_rate = 0.0 if rng.random() < 0.4 else rng.random() * 0.7
    distract_rate = 0.0 if rng.random() < 0.3 else rng.random() * 0.3
    out = []
    while len(out) < n:
        out += filler_sentence(rng, unk_rate, rng.random() < distract_rate)
    if rng.random() < 0.2:  # the CLI repeats a short filler text: repeat a short period
        period = max(1, min(n, rng.randint(16, 200)))
        out = [out[i % period] for i in range(n)]
    return out[:n]


def example(rng, length, digits=None):
    """(ids, weights, answer_start): a passkey prompt of `length` tokens (with <s>), then ' KEY.' and </s>."""
    key = random_key(rng, digits or rng.randint(3, 7))
    needle = needle_ids(key)
    fixed = 1 + len(INTRO_IDS) + len(needle) + len(QUESTION_IDS)
    fill = max(1, length - fixed)
    f = filler(rng, fill)
    a = round(rng.random() * fill)
    ids = [BOS] + INTRO_IDS + f[:a] + needle + f[a:] + QUESTION_IDS
    answer_start = len(ids)
    ids += number_ids(key) + [DOT, EOS]
    w = [0.0] * len(ids)  # weight of predicting ids[t] (from position t-1)
    second = 1 + len(INTRO_IDS) + a + needle.index(DOT) + 4  # '. ▁Remember ▁it .' then the key again
    for t in range(second, second + len(key) + 1):
        w[t] = 1.0
    for t in range(answer_start, len(ids)):
        w[t] = 1.0
    return ids, w, answer_start, key


# ---------------------------------------------------------------- model (Hugging Face Llama definitions)

class Cfg:
    def __init__(self, a):
        self.vocab, self.hidden, self.layers = len(VOCAB), a.hidden, a.layers
        self.heads, self.kv_heads, self.head_dim, self.ffn = a.heads, a.kv_heads, a.head_dim, a.ffn
        self.theta, self.eps = a.rope_theta, 1e-5


class RMSNorm(torch.nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight, self.eps = torch.nn.Parameter(torch.ones(n)), eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(x, cos, sin):
    half = x.shape[-1] // 2
    rot = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rot * sin


class Layer(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        L = torch.nn.Linear
        self.c = c
        self.input_layernorm, self.post_attention_layernorm = RMSNorm(c.hidden, c.eps), RMSNorm(c.hidden, c.eps)
        self.q_proj = L(c.hidden, c.heads * c.head_dim, bias=False)
        self.k_proj = L(c.hidden, c.kv_heads * c.head_dim, bias=False)
        self.v_proj = L(c.hidden, c.kv_heads * c.head_dim, bias=False)
        self.o_proj = L(c.heads * c.head_dim, c.hidden, bias=False)
        self.gate_proj, self.up_proj = L(c.hidden, c.ffn, bias=False), L(c.hidden, c.ffn, bias=False)
        self.down_proj = L(c.ffn, c.hidden, bias=False)

    def forward(self, x, cos, sin, mask):
        c, (B, T, _) = self.c, x.shape
        h = self.input_layernorm(x)
        q = rope(self.q_proj(h).view(B, T, c.heads, c.head_dim).transpose(1, 2), cos, sin)
        k = rope(self.k_proj(h).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2), cos, sin)
        v = self.v_proj(h).view(B, T, c.kv_heads, c.head_dim).transpose(1, 2)
        g = c.heads // c.kv_heads  # query head j reads kv head j // g (HF repeat_kv)
        k, v = k.repeat_interleave(g, dim=1), v.repeat_interleave(g, dim=1)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(c.head_dim) + mask
        a = (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(B, T, c.heads * c.head_dim)
        x = x + self.o_proj(a)
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class Model(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.embed_tokens = torch.nn.Embedding(c.vocab, c.hidden)
        self.layers = torch.nn.ModuleList([Layer(c) for _ in range(c.layers)])
        self.norm = RMSNorm(c.hidden, c.eps)
        self.lm_head = torch.nn.Linear(c.hidden, c.vocab, bias=False)
        for p in self.parameters():
            if p.dim() == 2:
                torch.nn.init.normal_(p, std=0.02)
        for l in self.layers:  # scaled residual branches (GPT-2)
            torch.nn.init.normal_(l.o_proj.weight, std=0.02 / math.sqrt(2 * c.layers))
            torch.nn.init.normal_(l.down_proj.weight, std=0.02 / math.sqrt(2 * c.layers))

    def forward(self, ids):
        c, T = self.c, ids.shape[1]
        inv = 1.0 / (c.theta ** (torch.arange(0, c.head_dim, 2, dtype=torch.float64) / c.head_dim))
        ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
        ang = torch.cat([ang, ang], dim=-1)
        cos, sin = ang.cos().float(), ang.sin().float()
        mask = torch.full((T, T), float("-inf")).triu(1)
        x = self.embed_tokens(ids)
        for l in self.layers:
            x = l(x, cos, sin, mask)
        return self.lm_head(self.norm(x))

    def hf_tensors(self):
        out = {"model.embed_tokens.weight": self.embed_tokens.weight, "model.norm.weight": self.norm.weight,
               "lm_head.weight": self.lm_head.weight}
        for i, l in enumerate(self.layers):
            p = "model.layers.%d." % i
            out[p + "input_layernorm.weight"] = l.input_layernorm.weight
            out[p + "post_attention_layernorm.weight"] = l.post_attention_layernorm.weight
            for n in ("q_proj", "k_proj", "v_proj", "o_proj"):
                out[p + "self_attn.%s.weight" % n] = getattr(l, n).weight
            for n in ("gate_proj", "up_proj", "down_proj"):
                out[p + "mlp.%s.weight" % n] = getattr(l, n).weight
        return {k: v.detach().float().contiguous() for k, v in out.items()}


# ---------------------------------------------------------------- training and evaluation

def batch(rng, length, count):
    rows = [example(rng, length) for _ in range(count)]
    T = max(len(r[0]) for r in rows)
    ids = torch.full((count, T), EOS, dtype=torch.long)
    w = torch.zeros((count, T))
    for i, (x, wt, _, _) in enumerate(rows):
        ids[i, :len(x)] = torch.tensor(x)
        w[i, :len(x)] = torch.tensor(wt)
    return ids, w


@torch.no_grad()
def answer_accuracy(model, rng, length, trials, digits=5):
    """Greedy answers (prefix scored in one pass, then teacher-free decoding by re-running the prefix)."""
    ok = 0
    for _ in range(trials):
        ids, _, start, key = example(rng, length, digits)
        seq = ids[:start]
        for _ in range(len(key) + 2):
            seq = seq + [int(model(torch.tensor([seq]))[0, -1].argmax())]
        ok += seq[start:start + len(key) + 2] == number_ids(key) + [DOT]
    return ok / trials


def lr_at(step, a):
    warm = 100
    if step < warm:
        return a.lr * (step + 1) / warm
    return a.lr * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, a.steps - warm))) * 0.95 + a.lr * 0.05


def train(a):
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    model = Model(Cfg(a))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=0.01)
    t0, log, ema = time.time(), [], None
    for step in range(a.steps):
        cap = min(a.max_len, 128 + (a.max_len - 128) * step // max(1, int(a.steps * 0.6)))  # curriculum
        length = rng.randint(48, cap)
        ids, w = batch(rng, length, max(1, a.batch_tokens // length))
        logits = model(ids[:, :-1])
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1), reduction="none")
        tw = w[:, 1:].reshape(-1)
        weight = torch.where(tw > 0, tw, torch.full_like(tw, a.filler_weight))
        mask = (ids[:, 1:].reshape(-1) != EOS) | (tw > 0)
        loss = (nll * weight * mask).sum() / (weight * mask).sum()
        answer_loss = float((nll * (tw > 0)).sum() / (tw > 0).sum())
        for g in opt.param_groups:
            g["lr"] = lr_at(step, a)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        ema = answer_loss if ema is None else 0.95 * ema + 0.05 * answer_loss
        if step % 50 == 0 or step == a.steps - 1:
            msg = "step %d len %d loss %.4f answer-loss(ema) %.4f lr %.2e %.0f s" % (step, length, float(loss), ema, lr_at(step, a), time.time() - t0)
            print(msg, file=sys.stderr, flush=True)
            log.append({"step": step, "length": length, "loss": float(loss), "answerLossEma": ema})
    return model, log, time.time() - t0


def write_safetensors(path, tensors):
    header, off = {}, 0
    for name, t in tensors.items():
        n = t.numel() * 4
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + n]}
        off += n
    header["__metadata__"] = {"format": "pt", "note": "trained by ncsparse train_recall_llama.py"}
    hb = json.dumps(header).encode()
    hb += b" " * ((8 - len(hb) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for t in tensors.values():
            f.write(t.numpy().astype("<f4").tobytes())
    os.replace(tmp, path)


def words_text(ids):
    inv = {i: t for t, i in VOCAB.items()}
    s = "".join(inv[i] if i != UNK else "▁zzz" for i in ids if i not in (BOS, EOS))
    return s.replace("▁", " ").strip()


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    header.pop("__metadata__", None)
    return {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=torch.float32).reshape(v["shape"])
            for k, v in header.items()}


def load_into(model, path):
    tensors = model.hf_tensors()
    stored = read_safetensors(path)
    for name, param in zip(tensors, hf_parameters(model)):
        with torch.no_grad():
            param.copy_(stored[name])


def hf_parameters(model):
    out = [model.embed_tokens.weight, model.norm.weight, model.lm_head.weight]
    for l in model.layers:
        out += [l.input_layernorm.weight, l.post_attention_layernorm.weight, l.q_proj.weight, l.k_proj.weight, l.v_proj.weight,
                l.o_proj.weight, l.gate_proj.weight, l.up_proj.weight, l.down_proj.weight]
    return out


@torch.no_grad()
def reference_logits(model, seed):
    """PyTorch logits at the last 8 positions of a 300-token passkey prompt followed by its answer (for the Java check):
    the first prompt of a seeded sequence that the model answers (greedy = reference tokens) by a top-2 gap > 0.5."""
    rng = random.Random(seed + 3000)
    for attempt in range(101):
        ids, _, start, key = example(rng, 300, 5)
        seq = ids[:start + len(key) + 2]
        logits = model(torch.tensor([seq]))[0]
        pos = list(range(len(seq) - 8, len(seq)))
        top2 = [logits[p].topk(2) for p in pos]
        if attempt == 100 or all(int(t.indices[0]) == seq[p + 1] and float(t.values[0] - t.values[1]) > 0.5
                                 for t, p in zip(top2, pos) if p + 1 < len(seq)):
            if attempt == 100:
                print("warning: the model answers none of 100 reference prompts; reference.json holds an unanswered one", file=sys.stderr)
            return {"ids": seq, "answerStart": start, "key": key, "attempt": attempt, "positions": pos,
                    "logits": [[round(float(v), 6) for v in logits[p]] for p in pos]}


def write_folder(a, model, acc, log, seconds):
    os.makedirs(a.out, exist_ok=True)
    cfg = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "_name_or_path": "recall-llama",
           "hidden_size": a.hidden, "num_hidden_layers": a.layers, "num_attention_heads": a.heads,
           "num_key_value_heads": a.kv_heads, "head_dim": a.head_dim, "intermediate_size": a.ffn, "vocab_size": len(VOCAB),
           "rms_norm_eps": 1e-5, "rope_theta": a.rope_theta, "max_position_embeddings": a.max_len,
           "tie_word_embeddings": False, "hidden_act": "silu", "bos_token_id": BOS, "eos_token_id": EOS, "torch_dtype": "float32"}
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    with open(os.path.join(a.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False)
    if log is not None:
        write_safetensors(os.path.join(a.out, "model.safetensors"), model.hf_tensors())
    frng = random.Random(a.seed + 2000)
    with open(os.path.join(a.out, "filler.txt"), "w") as f:  # in-vocabulary filler for `ncsparse needle --filler`
        f.write(words_text(sum((filler_sentence(frng, 0.0, False) for _ in range(400)), [])) + "\n")
    with open(os.path.join(a.out, "recall.txt"), "w") as f:  # episodes with answers for `ncsparse perplexity --text`
        for _ in range(24):
            ids, _, _, _ = example(frng, frng.randint(200, 900), 5)
            f.write(words_text(ids) + "\n")
    pieces = [INTRO, QUESTION, " The pass key is 51234. Remember it. 51234 is the pass key. ", "Hello world, this is GPL v3 (2007).\n",
              "\n\n  0. Definitions.\n\n  \"This License\" refers to  version 3.  The"]
    ref = reference_logits(model, a.seed)
    ref["tokenizer"] = [{"text": t, "ids": tokenize(t)} for t in pieces]
    with open(os.path.join(a.out, "reference.json"), "w") as f:
        json.dump(ref, f)
    if log is not None:
        meta = {"seed": a.seed, "steps": a.steps, "threads": a.threads, "torch": torch.__version__, "trainSeconds": round(seconds, 1),
                "finalLoss": log[-1]["loss"], "finalAnswerLossEma": log[-1]["answerLossEma"], "greedyAccuracy": acc,
                "evalTrials": a.eval_trials, "args": vars(a), "log": log}
        with open(os.path.join(a.out, "training.json"), "w") as f:
            json.dump(meta, f, indent=1)
    print("wrote %s" % a.out, file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps", type=int, default=800)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-len", type=int, default=1024)
    ap.add_argument("--batch-tokens", type=int, default=3072)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--filler-weight", type=float, default=0.1)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=2)
    ap.add_argument("--head-dim", type=int, default=32)
    ap.add_argument("--ffn", type=int, default=384)
    ap.add_argument("--rope-theta", type=float, default=10000.0)
    ap.add_argument("--eval-trials", type=int, default=50)
    ap.add_argument("--rewrite", action="store_true",
                    help="do not train: read OUT/model.safetensors and rewrite the other files (same --seed and shape options)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print("seed %d, %d steps, %d threads, torch %s" % (a.seed, a.steps, a.threads, torch.__version__), file=sys.stderr)
    if a.rewrite:
        model = Model(Cfg(a))
        load_into(model, os.path.join(a.out, "model.safetensors"))
        model.eval()
        write_folder(a, model, None, None, 0)
        return
    model, log, seconds = train(a)
    model.eval()
    erng = random.Random(a.seed + 1000)
    acc = {n: answer_accuracy(model, erng, n, a.eval_trials) for n in (128, 512, a.max_len)}
    print("greedy accuracy (5-digit keys, %d prompts each): %s" % (a.eval_trials, acc), file=sys.stderr)
    write_folder(a, model, acc, log, seconds)


if __name__ == "__main__":
    main()
