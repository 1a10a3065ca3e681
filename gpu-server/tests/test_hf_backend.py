"""The hf backend on a small random-initialised Llama saved to a temp dir (no download).

Skips with the reason printed (pytest -rs, set in pytest.ini) when transformers is not
installed; then only checks that the server refuses to start and names the package.
"""

import importlib.util
import json
import subprocess
import sys

import pytest

from conftest import SERVE, arith

HAS_TRANSFORMERS = importlib.util.find_spec("transformers") is not None
HAS_PEFT = importlib.util.find_spec("peft") is not None
needs_transformers = pytest.mark.skipif(
    not HAS_TRANSFORMERS, reason="transformers is not installed: hf backend tests skipped "
                                 "(pip install -r gpu-server/requirements-hf.txt)")


@pytest.mark.skipif(HAS_TRANSFORMERS, reason="transformers is installed")
def test_hf_without_transformers_names_the_package(tmp_path):
    p = subprocess.run([sys.executable, SERVE, "--backend", "hf", "--model", "x",
                        "--checkpoint-dir", str(tmp_path)], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2 and "'transformers'" in p.stderr and p.stdout == ""


@pytest.fixture(scope="module")
def llama_dir(tmp_path_factory):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast
    import torch
    d = str(tmp_path_factory.mktemp("llama"))
    tk = Tokenizer(models.BPE())
    tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tk.decoder = decoders.ByteLevel()
    corpus = [f"{x['prompt']}{x['completion']}" for x in arith(200)] + ["Tom has 3 apples."]
    tk.train_from_iterator(corpus, trainers.BpeTrainer(
        vocab_size=300, special_tokens=["<s>", "</s>", "<pad>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, bos_token="<s>", eos_token="</s>",
                                  pad_token="<pad>")
    tok.save_pretrained(d)
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128,
                      num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=4,
                      max_position_embeddings=256, bos_token_id=tok.bos_token_id,
                      eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    LlamaForCausalLM(cfg).save_pretrained(d)
    return d


def _train_and_check(s, model):
    items = arith(32, seed=2)
    before = s.ok("POST", "/v1/score", {"model": model, "items": items})["data"]
    fid = s.upload(items)["id"]
    job = s.wait_job(s.ok("POST", "/v1/fine_tuning/jobs", {
        "model": model, "training_file": fid,
        "hyperparameters": {"n_steps": 30, "batch_size": 8, "learning_rate": 3e-3}})["id"],
        timeout=300)
    assert job["status"] == "succeeded", job["error"]
    after = s.ok("POST", "/v1/score", {"model": job["fine_tuned_model"], "items": items})["data"]
    mean = lambda rows: sum(r["mean_nll"] for r in rows) / len(rows)  # noqa: E731
    assert mean(after) < mean(before) - 0.5, (mean(before), mean(after))
    return job["fine_tuned_model"]


@needs_transformers
def test_hf_endpoints_and_lora(start_server, tmp_path, llama_dir):
    s = start_server(["--backend", "hf", "--model", llama_dir, "--device", "cpu"], str(tmp_path))
    h = s.ok("GET", "/health")
    assert h["backend"] == "hf" and llama_dir in h["models"]
    out = s.ok("POST", "/v1/completions", {"model": llama_dir, "prompt": ["Q: 1 + 2\nA:", "Tom"],
                                           "max_tokens": 4, "n": 2, "temperature": 1, "seed": 1})
    assert len(out["choices"]) == 4 and out["usage"]["completion_tokens"] > 0
    chat = s.ok("POST", "/v1/chat/completions", {
        "model": llama_dir, "messages": [{"role": "user", "content": "hi"}], "max_tokens": 3})
    assert chat["choices"][0]["message"]["role"] == "assistant"
    emb = s.ok("POST", "/v1/embeddings", {"model": llama_dir, "input": ["a", "bc"]})
    assert len(emb["data"][0]["embedding"]) == 64
    sc = s.ok("POST", "/v1/score", {"model": llama_dir, "logprobs": True, "items": [
        {"prompt": "Q: 1 + 2\nA:", "completion": " 3"}]})["data"][0]
    assert sc["tokens"] == len(sc["token_logprobs"]) and sc["mean_nll"] > 0
    if not HAS_PEFT:
        fid = s.upload(arith(4))["id"]
        status, err = s.call("POST", "/v1/fine_tuning/jobs", {"model": llama_dir,
                                                               "training_file": fid})
        assert status == 501 and "'peft'" in err["error"]["message"]
        return
    mid = _train_and_check(s, llama_dir)
    s.stop()
    s2 = start_server(["--backend", "hf", "--model", llama_dir, "--device", "cpu"],
                      str(tmp_path))
    assert mid in [m["id"] for m in s2.ok("GET", "/v1/models")["data"]]
    with open(f"{tmp_path}/{mid.split(':')[-1]}/config.json") as f:
        assert json.load(f)["finetune"] == "lora"


@needs_transformers
def test_hf_full_finetune(start_server, tmp_path, llama_dir):
    s = start_server(["--backend", "hf", "--model", llama_dir, "--device", "cpu",
                      "--full-finetune"], str(tmp_path))
    mid = _train_and_check(s, llama_dir)
    out = s.ok("POST", "/v1/completions", {"model": mid, "prompt": "Q: 1 + 2\nA:",
                                           "max_tokens": 4})
    assert out["choices"][0]["finish_reason"] in ("stop", "length")
