"""The hf backend against what a user would write with transformers alone, side by side in one run
on the same model and data, on this machine's CPU (or GPU with --device cuda). Prints ratios.

    npm run bench -- hf                          SmolLM2-135M-Instruct from .activesynth/models
    .venv/bin/python bench/hf_bench.py --model M.gguf --items 96 --train 64 --steps 12

1. Scoring: POST /v1/score on a real server (HTTP and JSON included) against a per-example loop:
   model(ids).logits -> log_softmax -> gather, under torch.no_grad(). Tokens/s counts every token
   of prompt + completion that the model reads. Also checks the two agree to 1e-4 (fp32).
2. LoRA SFT: a fine-tuning job through /v1/files + /v1/fine_tuning/jobs against transformers'
   Trainer with peft, same model, data, LoRA rank/alpha/targets, batch size, steps, learning rate
   and answer-only labels. Tokens/s counts the tokens of the trained batches; the job's own
   throughput is read from its metrics events (training only, no model loading). Loss curves
   are printed side by side.
Data: GSM8K train questions and worked answers in the GSM8K task's prompt format. Not a test.

On a GPU with no weights (the lent machines): --random-init qwen2-0.5b builds a randomly
initialised Qwen2-0.5B-shaped model (SmolLM2's tokenizer, from the conversion cache or the
GGUF) in --tmp and benchmarks that (--tokenizer DIR: a folder with just the tokenizer files, for a
machine without the GGUF); with --peak-tflops (H200 bf16 dense: 989) it also prints MFU,
model FLOPs per second over the peak: 2 x parameters per scored token, 4 x parameters per LoRA-
trained token (forward, and the backward through the activations; frozen weights get no
gradient, and the adapters' own share is ignored).

    .venv/bin/python bench/hf_bench.py --device cuda --random-init qwen2-0.5b --peak-tflops 989 \
        --items 2048 --train 512 --steps 40 --batch 16
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(REPO, "gpu-server"))

PROMPT = ("Solve the math word problem. Reason step by step, then write the final answer on its own "
          "line as \"#### <number>\" (digits only, no units).\n\nQuestion: {q}\nSolution:\n")


def gsm8k(n, data_dir):
    rows = []
    with open(os.path.join(data_dir, "gsm8k", "train.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            rows.append({"prompt": PROMPT.format(q=r["question"].strip()), "completion": r["answer"]})
            if len(rows) == n:
                break
    return rows


class Server:
    def __init__(self, args):
        cmd = [sys.executable, os.path.join(REPO, "gpu-server", "serve.py"), "--port", "0", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("activesynth-server ready"):
            raise SystemExit(f"server did not start: {line!r}")
        self.url = line.split()[-1]

    def call(self, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=3600) as r:
            return json.load(r)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


SHAPES = {  # random-init configs: Qwen2-0.5B's shape, and a small one to try the path on a CPU
    "qwen2-0.5b": dict(model_type="qwen2", hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                       num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=4096,
                       tie_word_embeddings=True),
    "llama-small": dict(model_type="llama", hidden_size=256, intermediate_size=688, num_hidden_layers=4,
                        num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=2048),
}


def random_init(shape, tokenizer_folder, out):
    """A randomly initialised model of a named shape with the given tokenizer, saved to out."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
    tok = AutoTokenizer.from_pretrained(tokenizer_folder)
    kw = dict(SHAPES[shape])
    cfg = AutoConfig.for_model(kw.pop("model_type"), vocab_size=len(tok), bos_token_id=tok.bos_token_id,
                               eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id, **kw)
    torch.manual_seed(0)
    AutoModelForCausalLM.from_config(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def mfu(tokens_per_s, params, per_token, peak_tflops):
    return "" if not peak_tflops else f", MFU {per_token * params * tokens_per_s / (peak_tflops * 1e12):.1%}"


def bench_score(server, model_id, model, tok, items, device, peak=0.0):
    import torch
    server.call("/v1/score", {"model": model_id, "items": items[:4]})  # warm-up
    t0 = time.perf_counter()
    got = server.call("/v1/score", {"model": model_id, "items": items})["data"]
    t_server = time.perf_counter() - t0
    enc = [(tok(it["prompt"])["input_ids"], tok(it["completion"], add_special_tokens=False)["input_ids"])
           for it in items]
    n_tok = sum(len(p) + len(c) for p, c in enc)
    t0 = time.perf_counter()
    naive = []
    with torch.no_grad():
        for p, c in enc:
            ids = torch.tensor([p + c], device=device)
            logp = model(ids).logits[0, len(p) - 1:-1].float().log_softmax(-1)
            naive.append(-logp.gather(1, torch.tensor(c, device=device)[:, None]).mean().item())
    t_naive = time.perf_counter() - t0
    worst = max(abs(g["mean_nll"] - n) for g, n in zip(got, naive))
    params = sum(p.numel() for p in model.parameters())
    print(f"scoring {len(items)} items, {n_tok} tokens: /v1/score {n_tok / t_server:,.0f} tok/s"
          f"{mfu(n_tok / t_server, params, 2, peak)}, per-example loop {n_tok / t_naive:,.0f} tok/s"
          f"{mfu(n_tok / t_naive, params, 2, peak)} -> {t_naive / t_server:.2f}x "
          f"(largest NLL difference {worst:.1e})", flush=True)


def bench_train(server, model_id, folder, items, args, device):
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments
    content = "".join(json.dumps(it) + "\n" for it in items)
    fid = server.call("/v1/files", {"purpose": "fine-tune", "filename": "b.jsonl", "content": content})["id"]
    job = server.call("/v1/fine_tuning/jobs", {"model": model_id, "training_file": fid, "seed": 0,
                                               "hyperparameters": {"n_steps": args.steps, "batch_size": args.batch,
                                                                   "learning_rate": args.lr}})
    while job["status"] not in ("succeeded", "failed", "cancelled"):
        time.sleep(0.5)
        job = server.call(f"/v1/fine_tuning/jobs/{job['id']}")
    assert job["status"] == "succeeded", job["error"]
    events = server.call(f"/v1/fine_tuning/jobs/{job['id']}/events")["data"]
    metrics = sorted((e["data"] for e in events if e["data"]), key=lambda d: d["step"])
    # total tokens over total training time (each window's time = its tokens / its rate)
    ours_tps = sum(m["tokens"] for m in metrics) / sum(m["tokens"] / m["tokens_per_second"] for m in metrics)
    ours_loss = {m["step"]: m["train_loss"] for m in metrics}

    tok = AutoTokenizer.from_pretrained(folder)
    tok.pad_token = tok.pad_token or tok.eos_token
    rows = []
    for it in items:
        p = tok(it["prompt"])["input_ids"]
        c = tok(it["completion"], add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
        rows.append({"input_ids": p + c, "labels": [-100] * len(p) + c})

    def collate(batch):
        n = max(len(b["input_ids"]) for b in batch)
        pad = lambda xs, v: [x + [v] * (n - len(x)) for x in xs]  # noqa: E731
        ids = pad([b["input_ids"] for b in batch], tok.pad_token_id)
        return {"input_ids": torch.tensor(ids),
                "attention_mask": torch.tensor(pad([[1] * len(b["input_ids"]) for b in batch], 0)),
                "labels": torch.tensor(pad([b["labels"] for b in batch], -100))}

    torch.manual_seed(0)
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).to(device)
    params = sum(p.numel() for p in model.parameters())
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, bias="none",
                                             task_type="CAUSAL_LM", target_modules="all-linear"))
    targs = TrainingArguments(output_dir=os.path.join(args.tmp, "trainer"), per_device_train_batch_size=args.batch,
                              max_steps=args.steps, learning_rate=args.lr, logging_steps=1, report_to=[],
                              save_strategy="no", seed=0, warmup_steps=min(100, args.steps // 10),
                              lr_scheduler_type="cosine", weight_decay=0.01, adam_beta2=0.95,
                              max_grad_norm=1.0, use_cpu=device == "cpu", dataloader_num_workers=0,
                              bf16=device == "cuda",
                              disable_tqdm=True, log_level="error")
    trainer = Trainer(model=model, args=targs, train_dataset=rows, data_collator=collate)
    from transformers.trainer_callback import PrinterCallback, ProgressCallback
    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)
    seen = []
    orig = trainer.training_step

    def counting_step(model_, inputs, *a, **kw):
        seen.append(int(inputs["attention_mask"].sum()))
        return orig(model_, inputs, *a, **kw)

    trainer.training_step = counting_step
    t0 = time.perf_counter()
    trainer.train()
    t_trainer = time.perf_counter() - t0
    trainer_tps = sum(seen) / t_trainer
    trainer_loss = {h["step"]: h["loss"] for h in trainer.state.log_history if "loss" in h}
    print(f"LoRA SFT r=16 all-linear, batch {args.batch}, {args.steps} steps: job {ours_tps:,.0f} tok/s"
          f"{mfu(ours_tps, params, 4, args.peak_tflops)}, Trainer {trainer_tps:,.0f} tok/s"
          f"{mfu(trainer_tps, params, 4, args.peak_tflops)} -> {ours_tps / trainer_tps:.2f}x "
          "(tokens of the examples, padding not counted)", flush=True)
    print("step  job loss  Trainer loss")
    for s in range(1, args.steps + 1):
        a, b = ours_loss.get(s), trainer_loss.get(s)
        print(f"{s:4d}  {a if a is None else f'{a:8.4f}'}  {b if b is None else f'{b:8.4f}'}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(REPO, ".activesynth", "models", "SmolLM2-135M-Instruct.Q4_1.gguf"))
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--items", type=int, default=64)
    ap.add_argument("--train", type=int, default=32)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--data", default=os.environ.get("ACTIVESYNTH_DATA") or os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--tmp", default="/tmp/activesynth-hf-bench")
    ap.add_argument("--random-init", choices=sorted(SHAPES), help="benchmark a random model of this shape")
    ap.add_argument("--tokenizer", help="--random-init: a folder with tokenizer files (default: --model's)")
    ap.add_argument("--peak-tflops", type=float, default=0.0, help="device peak, for MFU (H200 bf16: 989)")
    args = ap.parse_args()
    import torch
    torch.set_num_threads(args.threads)
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from activesynth_server.hf.model_source import default_cache, resolve
    if args.random_init:
        tokenizer = args.tokenizer or resolve(args.model).folder(default_cache())
        args.model = folder = random_init(args.random_init, tokenizer, os.path.join(args.tmp, args.random_init))
    else:
        folder = resolve(args.model).folder(default_cache())
    server = Server(["--backend", "hf", "--model", args.model, "--device", args.device,
                     "--threads", str(args.threads), "--checkpoint-dir", os.path.join(args.tmp, "ckpt")])
    try:
        print(f"model {args.model}, device {args.device}, {args.threads} thread(s), torch {torch.__version__}", flush=True)
        dtype = torch.bfloat16 if args.device == "cuda" else torch.float32  # the server's auto dtype
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).to(args.device).eval()
        tok = AutoTokenizer.from_pretrained(folder)
        bench_score(server, args.model, model, tok, gsm8k(args.items, args.data), args.device, args.peak_tflops)
        del model
        bench_train(server, args.model, folder, gsm8k(args.train, args.data), args, args.device)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
