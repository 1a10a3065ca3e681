"""Bad models for the hf backend: each is one clear line at start-up (exit 2, naming the flag and
the problem) or, for a request, an error that names the field while the server stays up.

    npm run test:py -- gpu-server/tests/test_hf_errors.py
"""

import json
import subprocess
import sys

import numpy as np

from conftest import SERVE
from hf_models import stories


def start_fails(args, tmp_path):
    p = subprocess.run([sys.executable, SERVE, "--backend", "hf", "--device", "cpu", "--port", "0",
                        "--checkpoint-dir", str(tmp_path / "ckpt"), "--model-cache",
                        str(tmp_path / "cache"), *args], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stdout == "", (p.returncode, p.stdout, p.stderr)
    lines = [line for line in p.stderr.splitlines() if line.startswith("activesynth-server:")]
    assert len(lines) == 1, p.stderr
    return lines[0]


def test_missing_file(tmp_path):
    msg = start_fails(["--model", str(tmp_path / "nope.gguf")], tmp_path)
    assert "--model" in msg and "no such file" in msg


def test_not_a_gguf_file(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_text("this is not a model\n")
    msg = start_fails(["--model", str(fake)], tmp_path)
    assert "not a GGUF file" in msg and "magic bytes" in msg
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    assert "without config.json" in start_fails(["--model", str(folder)], tmp_path)


def test_truncated_gguf(tmp_path):
    with open(stories(), "rb") as f:
        head = f.read(600_000)  # the header and half the tensors of a 1.2 MB file
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(head)
    msg = start_fails(["--model", str(cut)], tmp_path)
    assert "truncated" in msg, msg


def test_unsupported_quantisation(tmp_path):
    import gguf
    path = tmp_path / "q5.gguf"
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_block_count(1)
    # Q5_0 blocks: 32 values in 22 bytes; transformers 5 dequantises Q4_0/Q4_1/Q8_0 and k-quants only
    w.add_tensor("token_embd.weight", np.zeros((4, 22), dtype=np.uint8),
                 raw_dtype=gguf.GGMLQuantizationType.Q5_0)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    msg = start_fails(["--model", str(path)], tmp_path)
    assert "token_embd.weight" in msg and "Q5_0" in msg and "cannot dequantise" in msg, msg


def test_model_too_large_for_memory(tmp_path):
    big = tmp_path / "llama-405b-config-only"
    big.mkdir()
    (big / "config.json").write_text(json.dumps({
        "model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 16384,
        "intermediate_size": 53248, "num_hidden_layers": 126, "num_attention_heads": 128,
        "num_key_value_heads": 8, "vocab_size": 128256}))
    msg = start_fails(["--model", str(big)], tmp_path)
    assert "parameters" in msg and "GiB" in msg and "free" in msg, msg


def test_lora_target_that_does_not_exist(tmp_path):
    msg = start_fails(["--model", stories(), "--lora-targets", "q_proj,attn_qkv"], tmp_path)
    assert "--lora-targets" in msg and "'attn_qkv'" in msg and "q_proj" in msg, msg
    assert "--lora-r" in start_fails(["--model", stories(), "--lora-r", "0"], tmp_path)


def test_requests_naming_a_bad_model_leave_the_server_up(stories_hf_server, tmp_path):
    s = stories_hf_server
    item = {"prompt": "Once", "completion": " upon"}
    for model in [str(tmp_path / "missing.gguf"), "./not/a/model"]:
        status, err = s.call("POST", "/v1/reward", {"model": model, "items": [item]})
        assert status == 404 and err["error"]["param"] == "model", err
    fake = tmp_path / "fake.gguf"
    fake.write_text("not a model")
    status, err = s.call("POST", "/v1/reward", {"model": str(fake), "items": [item]})
    assert status == 404 and "not a GGUF file" in err["error"]["message"]
    status, err = s.call("POST", "/v1/score", {"model": "ft:none:x:ftjob-1", "items": [item]})
    assert status == 404 and err["error"]["param"] == "model"
    assert s.ok("GET", "/health")["status"] == "ok"
    assert s.ok("POST", "/v1/score", {"model": stories(), "items": [item]})["data"][0]["tokens"] > 0
