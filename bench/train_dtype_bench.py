"""Fine-tuning a real student in float32 and under bf16 autocast (--train-dtype bfloat16), side by
side on the same model, batches and optimiser settings. Prints trained tokens/s per dtype, their
ratio, and each dtype's losses. Not a test.

    npm run bench -- train-dtype                        16 ProntoQA train examples, LoRA, 3 rounds
    .venv/bin/python bench/train_dtype_bench.py --threads 2 --full-finetune

The two dtypes take turns (fp32, bf16, fp32, bf16, ...), each round a fresh adapter trained for
--steps steps, so a machine that gets slower or faster midway touches both alike.
"""

import argparse
import json
import os
import sys
import time

from smollm2_setup import MODEL, data_dir, hf_backend


def prontoqa_pairs(n, data_dir):
    path = os.path.join(data_dir, "prontoqa", "train.json")
    if not os.path.isfile(path):
        sys.exit(f"train_dtype_bench: {path} not found (set ACTIVESYNTH_DATA to a folder with prontoqa/)")
    rows = json.load(open(path))[:n]
    return [(f"{r['context']}\n\nQuestion: {r['question']}",
             " ".join(r["explanation"]) + f"\nAnswer: {'True' if r['answer'] == 'A' else 'False'}")
            for r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--n", type=int, default=16, help="examples (one batch)")
    ap.add_argument("--steps", type=int, default=3, help="optimiser steps per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "1")))
    ap.add_argument("--full-finetune", action="store_true")
    a = ap.parse_args()
    backend = hf_backend("train_dtype_bench", a.model, a.threads,
                         *(["--full-finetune"] if a.full_finetune else []))
    import torch
    from activesynth_server.training import TrainHParams, build_examples, train
    pairs = prontoqa_pairs(a.n, data_dir())
    hp = TrainHParams(n_epochs=1, batch_size=a.n, learning_rate=1e-3, n_steps=a.steps, warmup_steps=0)
    rates = {"float32": [], "bfloat16": []}
    losses = {"float32": [], "bfloat16": []}
    for _ in range(a.rounds):
        for name, autocast in (("float32", None), ("bfloat16", torch.bfloat16)):
            lm = backend.trainable(a.model)
            examples = build_examples(lm, pairs)
            t = time.perf_counter()
            out = train(lm, examples, hp, seed=0, autocast=autocast)
            rates[name].append(out["trained_tokens"] / (time.perf_counter() - t))
            losses[name].append(out["loss"])
    n_tok = sum(len(e[0]) for e in examples)
    print(f"{a.n} ProntoQA examples ({n_tok / a.n:.0f} tokens each), {a.steps} steps per round, "
          f"{a.rounds} rounds, {'full' if a.full_finetune else 'LoRA'}, {a.threads} thread(s), "
          f"torch {torch.__version__}")
    for name in rates:
        r = rates[name]
        print(f"  {name:9s} {sum(r) / len(r):7.0f} tokens/s  (rounds {', '.join(f'{x:.0f}' for x in r)}); "
              f"last loss {', '.join(f'{x:.4f}' for x in losses[name])}")
    ratio = sum(rates["bfloat16"]) / sum(rates["float32"])
    print(f"  bf16 autocast / float32: {ratio:.2f}x")


if __name__ == "__main__":
    main()
