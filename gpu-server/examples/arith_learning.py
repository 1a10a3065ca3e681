"""Does the tiny student really learn? Two-digit addition through the real server over HTTP.

    .venv/bin/python gpu-server/examples/arith_learning.py [--train 500] [--epochs 60]

Starts the server (tiny backend, CPU, 1 thread, temp checkpoint dir), uploads N problems
"Q: 23 + 45\\nA:" -> " 68", fine-tunes `tiny` on them, then answers 200 held-out problems
greedily and prints the exact-match accuracy of the base model and of the fine-tuned one.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request

SERVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "serve.py")


def call(url, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def problems(n, rng):
    out = []
    for _ in range(n):
        a, b = rng.randint(10, 99), rng.randint(10, 99)
        out.append({"prompt": f"Q: {a} + {b}\nA:", "completion": f" {a + b}"})
    return out


def accuracy(url, model, test):
    out = call(url, "/v1/completions", {"model": model, "prompt": [t["prompt"] for t in test],
                                        "max_tokens": 5, "temperature": 0, "stop": ["\n"]})
    return sum(c["text"].strip() == t["completion"].strip()
               for c, t in zip(out["choices"], test)) / len(test)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", type=int, default=500)
    ap.add_argument("--epochs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    train, test = problems(a.train, rng), problems(200, rng)
    with tempfile.TemporaryDirectory() as ckpt:
        proc = subprocess.Popen([sys.executable, SERVE, "--port", "0", "--checkpoint-dir", ckpt],
                                stdout=subprocess.PIPE, text=True)
        try:
            url = proc.stdout.readline().split()[-1]
            base = accuracy(url, "tiny", test)
            fid = call(url, "/v1/files", {"purpose": "fine-tune", "filename": "arith.jsonl",
                                          "content": "\n".join(map(json.dumps, train))})["id"]
            t0 = time.time()
            job = call(url, "/v1/fine_tuning/jobs", {
                "model": "tiny", "training_file": fid, "seed": a.seed,
                "hyperparameters": {"n_epochs": a.epochs, "batch_size": 32}})
            while job["status"] not in ("succeeded", "failed", "cancelled"):
                time.sleep(0.5)
                job = call(url, f"/v1/fine_tuning/jobs/{job['id']}")
            secs = time.time() - t0
            assert job["status"] == "succeeded", job["error"]
            ev = call(url, f"/v1/fine_tuning/jobs/{job['id']}/events?limit=1")["data"]
            tuned = accuracy(url, job["fine_tuned_model"], test)
            metrics = [e for e in call(url, f"/v1/fine_tuning/jobs/{job['id']}/events?limit=500")[
                "data"] if e["type"] == "metrics"]
            print(f"train={a.train} epochs={a.epochs} steps={metrics[0]['data']['total_steps']} "
                  f"time={secs:.1f}s final_loss={metrics[0]['data']['train_loss']:.3f} "
                  f"tokens/s~{metrics[0]['data']['tokens_per_second']:.0f}")
            print(f"exact match on 200 held-out problems: base {base:.1%}, fine-tuned {tuned:.1%}"
                  f" (last event: {ev[0]['message']})")
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
