"""The hf backend on real pretrained models on CPU: stories260K (260K parameters, a story model)
and SmolLM2-135M-Instruct (an instruction-tuned chat model), both loaded from their GGUF files.

    npm run test:py -- gpu-server/tests/test_hf_backend.py      (about 3 min on 2 cores)

Checked against transformers directly: the server's NLL equals a plain forward pass to 1e-4,
embeddings equal the mean final hidden state, the chat prompt is the model's own template.
"""

import json

import pytest

from conftest import arith
from hf_models import STORY, direct_model, direct_nll, smol, stories

CPU = ["--backend", "hf", "--device", "cpu"]


@pytest.fixture(scope="module")
def smol_server(tmp_path_factory):
    from conftest import Server
    s = Server([*CPU, "--model", smol()], str(tmp_path_factory.mktemp("smol")))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def smol_direct():
    from transformers import AutoTokenizer
    import os
    path = smol()
    tok = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    return direct_model(path), tok


def mean(rows):
    return sum(r["mean_nll"] for r in rows) / len(rows)


def test_stories_generates_its_reference_story(stories_hf_server):
    s, model = stories_hf_server, stories()
    out = s.ok("POST", "/v1/completions", {"model": model, "prompt": "", "max_tokens": 30})
    assert out["choices"][0]["text"].startswith(STORY[:60]), out["choices"][0]["text"]
    # the whole reference sentence is likely text for the model (its validation loss is ~1.3)
    sc = s.ok("POST", "/v1/score", {"model": model, "items": [
        {"prompt": "", "completion": STORY},
        {"prompt": "", "completion": "Quantum chromodynamics describes gluon confinement."}]})["data"]
    assert sc[0]["mean_nll"] < 1.0 < 3.0 < sc[1]["mean_nll"], sc


def test_score_equals_a_direct_forward_pass(smol_server, smol_direct, stories_hf_server):
    model, tok = smol_direct
    items = [{"prompt": "Question: Tom has 3 apples and buys 5 more. How many now?\nAnswer:",
              "completion": " Tom has 3 + 5 = 8 apples. #### 8"},
             {"prompt": "The capital of France is", "completion": " Paris."},
             {"prompt": "", "completion": "Hello there"}]
    got = smol_server.ok("POST", "/v1/score", {"model": smol(), "items": items,
                                                "logprobs": True})["data"]
    for item, row in zip(items, got):
        p = tok(item["prompt"], add_special_tokens=True)["input_ids"] or [tok.eos_token_id]
        c = tok(item["completion"], add_special_tokens=False)["input_ids"]
        assert row["tokens"] == len(c) == len(row["token_logprobs"])
        assert abs(row["mean_nll"] - direct_nll(model, p, c)) < 1e-4, (item, row)
    # stories260K: its tokenizer is built from the GGUF vocabulary (transformers' own fails on
    # the file's "no pad" id); the model side here is transformers' direct GGUF load
    from activesynth_server.hf.gguf_tokenizer import tokenizer_from_gguf
    st_tok, st_model = tokenizer_from_gguf(stories()), direct_model(stories())
    item = {"prompt": "Once upon a time,", "completion": " there was a dog named Max."}
    row = stories_hf_server.ok("POST", "/v1/score", {"model": stories(), "items": [item]})["data"][0]
    p = st_tok(item["prompt"])["input_ids"]
    c = st_tok(item["completion"], add_special_tokens=False)["input_ids"]
    assert p[0] == 1 and row["tokens"] == len(c)  # BOS first, as llama2.c trained it
    assert abs(row["mean_nll"] - direct_nll(st_model, p, c)) < 1e-4


def test_chat_uses_the_model_template_and_streams_the_same_text(smol_server, smol_direct):
    _, tok = smol_direct
    s, model = smol_server, smol()
    messages = [{"role": "user", "content": "What is the capital of France?"}]
    out = s.ok("POST", "/v1/chat/completions", {"model": model, "messages": messages,
                                                "max_tokens": 20})
    text = out["choices"][0]["message"]["content"]
    assert "Paris" in text, text
    rendered = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    assert out["usage"]["prompt_tokens"] == len(tok(rendered)["input_ids"])
    status, raw = s.call("POST", "/v1/chat/completions", {
        "model": model, "messages": messages, "max_tokens": 20, "stream": True,
        "stream_options": {"include_usage": True}})
    assert status == 200
    chunks = [json.loads(line[6:]) for line in raw.decode().splitlines()
              if line.startswith("data: {")]
    streamed = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert streamed == text and raw.decode().rstrip().endswith("data: [DONE]")
    assert chunks[-1]["usage"]["completion_tokens"] == out["usage"]["completion_tokens"]


def test_embeddings_are_the_mean_final_hidden_state(smol_server, smol_direct):
    import torch
    model, tok = smol_direct
    texts = ["A cat sat on the mat.", "Seven plus five is twelve, said the teacher."]
    got = smol_server.ok("POST", "/v1/embeddings", {"model": smol(), "input": texts})["data"]
    for text, row in zip(texts, got):
        ids = torch.tensor([tok(text)["input_ids"]])
        with torch.no_grad():
            h = model.model(ids).last_hidden_state[0].mean(0)
        assert len(row["embedding"]) == 576
        assert torch.allclose(torch.tensor(row["embedding"]), h, atol=1e-4)


def _lora_lowers_nll(s, model, items, steps=20, lr=1e-3):
    before = s.ok("POST", "/v1/score", {"model": model, "items": items})["data"]
    fid = s.upload(items)["id"]
    job = s.wait_job(s.ok("POST", "/v1/fine_tuning/jobs", {
        "model": model, "training_file": fid, "suffix": "t",
        "hyperparameters": {"n_steps": steps, "batch_size": 8, "learning_rate": lr}})["id"],
        timeout=600)
    assert job["status"] == "succeeded", job["error"]
    after = s.ok("POST", "/v1/score", {"model": job["fine_tuned_model"], "items": items})["data"]
    assert mean(after) < mean(before) - 0.5, (mean(before), mean(after))
    return job["fine_tuned_model"], after


def test_lora_job_lowers_nll_and_survives_a_restart(start_server, tmp_path):
    items = arith(16, seed=2)
    s = start_server([*CPU, "--model", smol()], str(tmp_path))
    mid, after = _lora_lowers_nll(s, smol(), items)
    assert mid.startswith("ft:SmolLM2-135M-Instruct.Q4_1:t:")
    out = s.ok("POST", "/v1/completions", {"model": mid, "prompt": items[0]["prompt"],
                                           "max_tokens": 4, "stop": ["\n"]})
    assert out["choices"][0]["text"].strip() == items[0]["completion"].strip()
    s.stop()
    s2 = start_server([*CPU, "--model", smol()], str(tmp_path))
    assert mid in [m["id"] for m in s2.ok("GET", "/v1/models")["data"]]
    again = s2.ok("POST", "/v1/score", {"model": mid, "items": items})["data"]
    assert all(abs(a["mean_nll"] - b["mean_nll"]) < 1e-4 for a, b in zip(after, again))
    with open(f"{tmp_path}/{mid.split(':')[-1]}/config.json") as f:
        meta = json.load(f)
    assert meta["finetune"] == "lora" and meta["lora"]["r"] == 16


def test_full_finetune_on_both_models(start_server, tmp_path):
    for i, (model, lr) in enumerate([(stories(), 3e-3), (smol(), 1e-4)]):
        s = start_server([*CPU, "--model", model, "--full-finetune"], str(tmp_path / str(i)))
        mid, _ = _lora_lowers_nll(s, model, arith(8, seed=3), steps=12, lr=lr)
        with open(f"{tmp_path}/{i}/{mid.split(':')[-1]}/config.json") as f:
            assert json.load(f)["finetune"] == "full"
        s.stop()


def test_full_finetune_from_a_lora_checkpoint(start_server, tmp_path):
    # a base pretrained with LoRA, then every weight trained on top of it (the merged adapter
    # keeps peft's frozen flags: before the fix no weight had a gradient and the job failed)
    s = start_server([*CPU, "--model", stories()], str(tmp_path))
    lora_id, _ = _lora_lowers_nll(s, stories(), arith(8, seed=5), steps=30, lr=1e-2)
    s.stop()
    s2 = start_server([*CPU, "--model", stories(), "--full-finetune"], str(tmp_path))
    full_id, _ = _lora_lowers_nll(s2, lora_id, arith(8, seed=6), steps=12, lr=3e-3)
    with open(f"{tmp_path}/{full_id.split(':')[-1]}/config.json") as f:
        assert json.load(f)["finetune"] == "full"
    s2.stop()


def test_lora_on_stories_with_named_targets(start_server, tmp_path):
    s = start_server([*CPU, "--model", stories(), "--lora-targets", "q_proj,v_proj",
                      "--lora-r", "4"], str(tmp_path))
    _lora_lowers_nll(s, stories(), arith(8, seed=4), steps=30, lr=1e-2)
