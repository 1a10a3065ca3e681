"""Answering a pool with a real student: the server's batched generation against transformers'
`model.generate` and llama.cpp, side by side in one run on the same GGUF and prompts. Prints
tokens/s and ratios. Not a test.

    npm run bench -- generation                               32 GSM8K test questions, 96 tokens
    .venv/bin/python bench/generation_bench.py --prompts arith --n 128 --max-tokens 48 --threads 2

Prompts: GSM8K test questions as plain "Question: ...\\nAnswer:" (--prompts gsm8k, from
../shared/data or $ACTIVESYNTH_DATA) or the arith world's questions in its prompt form
(--prompts arith, the real-student experiment's pool). Greedy, stop at --stop (default none).
Rows:
1. server: generation.generate, the code behind /v1/completions (finished rows leave the batch);
2. server, every row to the end: the same loop with drop_finished=False (the loop before);
2b. server with --gen-dtype bfloat16: generation on a bf16 copy of the weights (AMX/AVX512-BF16);
3. transformers: model.generate on the same module, the prompts left-padded in one batch;
4. llama.cpp: llama-cpp-python on the GGUF file, one prompt at a time (skipped, with the reason,
   when the package is not installed: pip install llama-cpp-python builds it in 10-30 minutes).
Tokens/s counts generated tokens over wall time. Texts are compared with the server's row 1.
"""

import argparse
import json
import os
import random
import sys
import time

from smollm2_setup import HERE, MODEL, data_dir, hf_backend


def gsm8k_prompts(n, data_dir):
    path = os.path.join(data_dir, "gsm8k", "test.jsonl")
    if not os.path.isfile(path):
        sys.exit(f"generation_bench: {path} not found (set ACTIVESYNTH_DATA to a folder with gsm8k/)")
    with open(path) as f:
        rows = [json.loads(line) for line in f][:n]
    return [f"Question: {r['question'].strip()}\nAnswer:" for r in rows]


def arith_prompts(n):
    """Questions in the arith world's shapes (add, sub, mul with 2 digits), as `Q: ...\\nA:`."""
    rng = random.Random(0)
    out = []
    for i in range(n):
        a, b = rng.randint(10, 99), rng.randint(2, 9 if i % 3 == 2 else 99)
        text = [f"Tom has {a} pens. He buys {b} more. How many pens does he have now?",
                f"Ana has {a + b} coins. She gives away {b}. How many coins are left?",
                f"Sam buys {b} boxes of eggs. Each box has {a}. How many eggs are there in all?"][i % 3]
        out.append(f"Q: {text}\nA:")
    return out


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def llama_cpp_generate(model, texts, max_tokens, stops, threads):
    """llama.cpp, one prompt at a time: (texts, generated tokens, seconds). Run in a child process
    (see llama_cpp_row): a build whose kernels crash takes only that process down."""
    from llama_cpp import Llama
    llm = Llama(model_path=model, n_ctx=2048, n_threads=threads, n_batch=512, verbose=False)
    outs, dt = timed(lambda: [llm(t, max_tokens=max_tokens, temperature=0.0, stop=stops or None)
                              for t in texts])
    return [o["choices"][0]["text"] for o in outs], sum(o["usage"]["completion_tokens"] for o in outs), dt


def llama_cpp_row(a, texts, stops, ref):
    """The llama.cpp row, or why there is none (not installed, or its process crashed)."""
    import importlib.util
    import subprocess
    import tempfile
    if importlib.util.find_spec("llama_cpp") is None:
        return "skipped (pip install llama-cpp-python to include it; it compiles from source)"
    with tempfile.TemporaryDirectory() as tmp:
        job, out = os.path.join(tmp, "job.json"), os.path.join(tmp, "out.json")
        json.dump({"model": a.model, "texts": texts, "max_tokens": a.max_tokens, "stops": stops,
                   "threads": a.threads}, open(job, "w"))
        code = ("import json, sys; sys.path.insert(0, sys.argv[3]); import generation_bench as g; "
                "j = json.load(open(sys.argv[1])); "
                "json.dump(g.llama_cpp_generate(j['model'], j['texts'], j['max_tokens'], j['stops'], j['threads']), "
                "open(sys.argv[2], 'w'))")
        p = subprocess.run([sys.executable, "-c", code, job, out, HERE], capture_output=True, text=True)
        if p.returncode != 0:
            tail = (p.stderr.strip().splitlines() or ["no output"])[-1]
            return f"its process failed (exit {p.returncode}{', a crash' if p.returncode < 0 else ''}): {tail}"
        got, n_tok, dt = json.load(open(out))
    return ("llama.cpp, one prompt at a time", n_tok, dt, sum(x == y for x, y in zip(ref, got)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--prompts", choices=["gsm8k", "arith"], default="gsm8k")
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--max-tokens", type=int, default=96)
    ap.add_argument("--stop", default="", help="a stop string (arith: a newline)")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", "1")))
    ap.add_argument("--skip-transformers", action="store_true")
    a = ap.parse_args()
    lm = hf_backend("generation_bench", a.model, a.threads).load_base(a.model)
    import torch
    from activesynth_server import generation
    texts = gsm8k_prompts(a.n, data_dir()) if a.prompts == "gsm8k" else arith_prompts(a.n)
    stops = [a.stop.encode().decode("unicode_escape")] if a.stop else []
    ids = [lm.encode_prompt(t) for t in texts]
    print(f"{a.n} {a.prompts} prompts ({sum(map(len, ids)) / len(ids):.0f} tokens each), "
          f"{a.max_tokens} new tokens, greedy, {a.threads} thread(s), torch {torch.__version__}")
    generation.generate(lm, ids[:2], 4)  # warm-up
    rows = []

    def server(drop):
        outs, dt = timed(lambda: generation.generate(lm, ids, a.max_tokens, stops=stops,
                                                     drop_finished=drop))
        return [o["text"] for o in outs], sum(o["tokens"] for o in outs), dt

    ref, n_tok, dt = server(True)
    rows.append(("server (finished rows leave the batch)", n_tok, dt, a.n))
    got, n_tok, dt = server(False)
    rows.append(("server, every row to the end (before)", n_tok, dt, sum(x == y for x, y in zip(ref, got))))
    lm.gen_dtype, lm._gen = torch.bfloat16, None  # what --gen-dtype bfloat16 does
    generation.generate(lm, ids[:2], 4)  # warm-up (and the copy is made)
    got, n_tok, dt = server(True)
    rows.append(("server, --gen-dtype bfloat16", n_tok, dt, sum(x == y for x, y in zip(ref, got))))
    lm.gen_dtype, lm._gen = None, None
    if not a.skip_transformers:
        tok = lm.tok
        tok.padding_side = "left"
        enc = tok(texts, return_tensors="pt", padding=True)
        with torch.no_grad():
            out, dt = timed(lambda: lm.module.generate(**enc, max_new_tokens=a.max_tokens, do_sample=False,
                                                       pad_token_id=lm.pad_id, stop_strings=stops or None,
                                                       tokenizer=tok if stops else None))
        new = out[:, enc["input_ids"].shape[1]:]
        gen_texts, n_tok = [], 0
        for row in new.tolist():
            row = [t for t in row if t != lm.pad_id]
            cut = next((k for k, t in enumerate(row) if t in lm.stop_ids), len(row))
            n_tok += cut
            text = lm.decode(row[:cut])
            for s in stops:
                text = text.split(s)[0]
            gen_texts.append(text)
        rows.append(("transformers model.generate, one batch", n_tok, dt, sum(x == y for x, y in zip(ref, gen_texts))))
    llama = llama_cpp_row(a, texts, stops, ref)
    if isinstance(llama, str):
        print(f"llama.cpp: {llama}")
    else:
        rows.append(llama)
    base = rows[0][1] / rows[0][2]
    print(f"{'path':40} {'tokens':>7} {'seconds':>8} {'tok/s':>7} {'server/this':>11} {'same text':>9}")
    for name, n_tok, dt, same in rows:
        rate = n_tok / dt
        print(f"{name:40} {n_tok:7d} {dt:8.1f} {rate:7.1f} {base / rate:10.2f}x {same:5d}/{a.n}")
    llama = [r for r in rows if r[0].startswith("llama.cpp")]
    if llama:
        best = max(rows[:3], key=lambda r: r[1] / r[2])
        ratio = (best[1] / best[2]) / (llama[0][1] / llama[0][2])
        print(f"answering the pool: {best[0]} at {ratio:.2f}x llama.cpp's one-prompt tokens/s "
              f"(the issue's goal: 3x)")


if __name__ == "__main__":
    main()
