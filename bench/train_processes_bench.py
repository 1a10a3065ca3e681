"""One fine-tuning job in the server's own process (--train-processes 1) and as 2 processes
(--train-processes 2, accelerate launch, gloo on CPU), same model, data, global batch and seed, on
the same --threads. Prints tokens/s while training (from the job's metrics events), the job's wall
time (the launch included) and the largest relative difference of a step's loss. Not a test.

    .venv/bin/python bench/train_processes_bench.py                      SmolLM2-135M, LoRA, 2 threads
    .venv/bin/python bench/train_processes_bench.py --model ../shared/models/stories260K/stories260K.gguf

The two take turns (1, 2, 1, 2, ...), one server each, never at the same time. On a CPU the
server's --threads are shared out over the ranks (2 threads: 1 each).
"""

import argparse
import os
import sys
import tempfile
import time

from smollm2_setup import MODEL, REPO, data_dir

sys.path.insert(0, os.path.join(REPO, "gpu-server", "tests"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--n", type=int, default=16, help="ProntoQA examples (one global batch)")
    ap.add_argument("--steps", type=int, default=4, help="optimiser steps per job")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    from conftest import Server
    from train_dtype_bench import prontoqa_pairs
    data = [{"prompt": p, "completion": c} for p, c in prontoqa_pairs(a.n, data_dir())]
    rates, walls, losses = {1: [], 2: []}, {1: [], 2: []}, {}
    for _ in range(a.rounds):
        for n in (1, 2):
            s = Server(["--backend", "hf", "--model", os.path.abspath(a.model), "--device", "cpu",
                        "--threads", str(a.threads), "--train-processes", str(n)],
                       tempfile.mkdtemp(prefix="train-processes-bench-"))
            try:
                fid = s.upload(data)["id"]
                t = time.perf_counter()
                job = s.ok("POST", "/v1/fine_tuning/jobs", {
                    "model": os.path.abspath(a.model), "training_file": fid, "seed": 0,
                    "hyperparameters": {"n_steps": a.steps, "batch_size": a.n,
                                        "learning_rate": 1e-3}})
                job = s.wait_job(job["id"], timeout=3600)
                walls[n].append(time.perf_counter() - t)
                assert job["status"] == "succeeded", job["error"]
                ev = s.ok("GET", f"/v1/fine_tuning/jobs/{job['id']}/events?limit=1000")["data"]
                m = [e["data"] for e in reversed(ev) if e["type"] == "metrics"]
                # the first step warms up (allocations, the launch's imports settling): rate of the rest
                rest = m[1:] or m
                rates[n].append(sum(d["tokens"] for d in rest)
                                / sum(d["tokens"] / d["tokens_per_second"] for d in rest))
                losses[n] = [d["train_loss"] for d in m]
            finally:
                s.stop()
    import torch
    print(f"{a.n} ProntoQA examples a step, {a.steps} steps, {a.rounds} rounds, "
          f"{os.path.basename(a.model)}, LoRA, --threads {a.threads}, {os.cpu_count()} cores, "
          f"torch {torch.__version__}")
    for n in (1, 2):
        print(f"  --train-processes {n}: {sum(rates[n]) / len(rates[n]):7.1f} tokens/s training "
              f"{[round(r) for r in rates[n]]}, job wall {sum(walls[n]) / len(walls[n]):.1f} s "
              f"{[round(w, 1) for w in walls[n]]}")
    print(f"  ratio (2 / 1): {sum(rates[2]) / sum(rates[1]):.2f}x tokens/s, "
          f"{sum(walls[2]) / sum(walls[1]):.2f}x wall")
    print(f"  largest relative loss difference: "
          f"{max(abs(x - y) / abs(x) for x, y in zip(losses[1], losses[2])):.1e}")


if __name__ == "__main__":
    main()
