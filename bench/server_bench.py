"""Student server throughput: batched, length-bucketed scoring and batched training against a
naive per-example loop, run side by side in the same process on the tiny model. Prints ratios.

    npm run bench -- server   (or: OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/server_bench.py [--items 1000] [--train 512])

Not a test: nothing is asserted. Scoring throughput counts completion tokens scored per second;
training throughput counts tokens trained per second (same examples, same number of epochs).
"""

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gpu-server"))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from activesynth_server import scoring, training  # noqa: E402
from activesynth_server.config import ServerConfig  # noqa: E402
from activesynth_server.tiny.backend import TinyBackend  # noqa: E402


def problems(n, rng):
    """Arithmetic of mixed lengths, as the arith world produces (short and longer prompts)."""
    out = []
    for _ in range(n):
        a, b = rng.randint(10, 999), rng.randint(10, 999)
        story = " ".join(["Tom has", str(a), "apples and buys", str(b), "more."] *
                         rng.randint(0, 3))
        out.append((f"{story}\nQ: {a} + {b}\nA:", f" {a + b}"))
    return out


@torch.no_grad()
def naive_score(lm, items):
    out = []
    for p, c in items:
        ids = torch.tensor([p + c])
        logits, _, _ = lm.forward(ids, torch.ones_like(ids))
        logp = logits[0, len(p) - 1:-1].log_softmax(-1)
        out.append(-logp.gather(1, torch.tensor(c)[:, None]).sum().item())
    return out


def naive_train(lm, examples, lr):
    opt = torch.optim.AdamW(lm.module.parameters(), lr=lr)
    lm.module.train()
    for ids, labels in examples:
        x = torch.tensor([ids])
        logits, _, _ = lm.forward(x, torch.ones_like(x))
        loss = F.cross_entropy(logits[0, :-1], torch.tensor(labels[1:]), ignore_index=-100)
        opt.zero_grad()
        loss.backward()
        opt.step()


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--train", type=int, default=512)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rng = random.Random(0)
    be = TinyBackend(ServerConfig(checkpoint_dir="/tmp", threads=a.threads))
    lm = be.load_base()
    enc = [(lm.encode_prompt(p), lm.encode_completion(c)) for p, c in problems(a.items, rng)]
    n_tok = sum(len(c) for _, c in enc)
    budget = 4096  # the server's CPU default (--score-token-budget 0)
    scoring.score(lm, enc[:32], token_budget=budget)  # warm up
    t_batched = timed(lambda: scoring.score(lm, enc, token_budget=budget))
    t_naive = timed(lambda: naive_score(lm, enc))
    print(f"score  ({a.items} items, {n_tok} completion tokens, torch {torch.__version__}, "
          f"{a.threads} thread)")
    print(f"  batched+bucketed: {n_tok / t_batched:10.0f} tok/s  {a.items / t_batched:8.0f} items/s")
    print(f"  naive per-item:   {n_tok / t_naive:10.0f} tok/s  {a.items / t_naive:8.0f} items/s")
    print(f"  ratio: {t_naive / t_batched:.1f}x")

    pairs = [(p, c) for p, c in problems(a.train, rng)]
    lm_b = be.trainable("tiny")
    examples = training.build_examples(lm_b, pairs)
    tokens = sum(len(ids) for ids, _ in examples)
    hp = training.TrainHParams(n_epochs=1, batch_size=32, learning_rate=3e-3)
    t_batched = timed(lambda: training.train(lm_b, examples, hp, seed=0))
    lm_n = be.trainable("tiny")
    t_naive = timed(lambda: naive_train(lm_n, examples, 3e-3))
    print(f"train  ({a.train} examples, {tokens} tokens, 1 epoch)")
    print(f"  batched (32):     {tokens / t_batched:10.0f} tok/s  {a.train / t_batched:8.0f} ex/s")
    print(f"  naive per-example:{tokens / t_naive:10.0f} tok/s  {a.train / t_naive:8.0f} ex/s")
    print(f"  ratio: {t_naive / t_batched:.1f}x")


if __name__ == "__main__":
    main()
