#!/usr/bin/python3
"""Attention at the answer of the trained passkey model (assets/recall-llama), per head.

`ncsparse profile-decode` samples decode rows near each length n; reading recall.txt, those rows are
almost all filler. This script isolates the row that matters: the query of the space token after
"The pass key is", which predicts the first digit of the key.

  recall_answer_rows.py texts --out DIR [--seed 7] [--trials 3]
      writes DIR/ans-L-T.txt (a passkey prompt of about L tokens followed by its answer, for
      L = 128, 256, 512, 1024) and DIR/rows.tsv: L, T and n = the keys that answer row sees;
  recall_answer_rows.py table DIR
      reads DIR/ans-L-T/points.csv (the reports of `profile-decode --text DIR/ans-L-T.txt
      --prompt-tokens 0 --lengths n --rows 1`) and prints, per head, the keys holding 90 % of the
      row's attention mass at each L, the least-squares fit of log k_needed(τ) = log α + C log n over
      every row, and the mass the budgets drop at L = 1024.
"""
import argparse
import collections
import csv
import os
import random
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_recall_llama as task  # noqa: E402  (the training script's task and tokenizer)

LENGTHS = (128, 256, 512, 1024)
BUDGETS = ("power:1;0.5", "fixed:8", "fixed:1")


def texts(a):
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    with open(os.path.join(a.out, "rows.tsv"), "w") as rows:
        for length in LENGTHS:
            for trial in range(a.trials):
                ids, _, start, key = task.example(rng, length, 5)
                text = task.words_text(ids[:start + len(key) + 2])
                toks = [task.BOS] + task.tokenize(text)
                n = len(toks) - len(key) - 1  # the space token before the digits sees this many keys
                assert toks[n - 1] == task.SPACE and toks[n - 2] == task.VOCAB["▁is"]
                with open(os.path.join(a.out, "ans-%d-%d.txt" % (length, trial)), "w") as f:
                    f.write(text)
                rows.write("%d\t%d\t%d\n" % (length, trial, n))


def table(a):
    data = collections.defaultdict(list)
    with open(os.path.join(a.dir, "rows.tsv")) as f:
        for line in f:
            length, trial, _ = map(int, line.split())
            with open(os.path.join(a.dir, "ans-%d-%d" % (length, trial), "points.csv")) as p:
                for r in csv.DictReader(p):
                    data[(int(r["layer"]), int(r["head"]))].append(
                        (length, int(r["n"]), float(r["k_needed_tau_0.1"]), float(r["k_needed_tau_0.01"]), float(r["k_mass_0.9"]),
                         [float(r["dropped_" + b]) for b in BUDGETS]))
    print("| head | k(90 %%) n≈%s | C fit, τ = 0.1 | C fit, τ = 0.01 | dropped at n≈1024: %s |"
          % (" | n≈".join(map(str, LENGTHS)), " | ".join(b.replace(";", ",") for b in BUDGETS)))
    print("|---" * (3 + len(LENGTHS) + len(BUDGETS)) + "|")
    for (layer, head), v in sorted(data.items()):
        by = collections.defaultdict(list)
        for x in v:
            by[x[0]].append(x)

        def fit(i):
            return np.polyfit(np.log([x[1] for x in v]), np.log([max(1.0, x[i]) for x in v]), 1)[0]

        k90 = " | ".join("%.0f" % np.mean([x[4] for x in by[length]]) for length in LENGTHS)
        dropped = " | ".join("%.3f" % np.mean([x[5][j] for x in by[LENGTHS[-1]]]) for j in range(len(BUDGETS)))
        print("| L%dH%d | %s | %.2f | %.2f | %s |" % (layer, head, k90, fit(2), fit(3), dropped))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("texts")
    t.add_argument("--out", required=True)
    t.add_argument("--seed", type=int, default=7)
    t.add_argument("--trials", type=int, default=3)
    s = sub.add_parser("table")
    s.add_argument("dir")
    a = ap.parse_args()
    texts(a) if a.cmd == "texts" else table(a)


if __name__ == "__main__":
    main()
