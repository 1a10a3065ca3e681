"""Inference endpoints against the real tiny server: health, models, completions, chat (plain
and streamed), score, embeddings."""

import base64
import json
import math
import struct
import urllib.request


def test_health_and_models(server):
    h = server.ok("GET", "/health")
    assert h["backend"] == "tiny" and h["device"] == "cpu" and "tiny" in h["models"]
    assert h["torch"]
    models = server.ok("GET", "/v1/models")
    assert models["object"] == "list" and models["data"][0]["id"] == "tiny"
    assert server.ok("GET", "/v1/models/tiny")["object"] == "model"


def test_completions_batched_n_and_usage(server):
    body = {"model": "tiny", "prompt": ["Q: 12 + 34\nA:", "Tom has"], "max_tokens": 5,
            "temperature": 0}
    out = server.ok("POST", "/v1/completions", body)
    assert out["object"] == "text_completion"
    assert [c["index"] for c in out["choices"]] == [0, 1]
    assert all(c["finish_reason"] in ("stop", "length") for c in out["choices"])
    u = out["usage"]
    assert u["total_tokens"] == u["prompt_tokens"] + u["completion_tokens"]
    assert u["prompt_tokens"] == 13 + 2  # "Q: 12 + 34\nA:" is 13 tokens, "Tom has" 2
    # greedy is deterministic, and a batch answers as the prompts would alone
    alone = server.ok("POST", "/v1/completions", dict(body, prompt="Tom has"))
    assert alone["choices"][0]["text"] == out["choices"][1]["text"]
    # n samples per prompt, indexed prompt_index * n + j; the seed makes sampling repeatable
    s = dict(body, n=3, temperature=1.0, seed=7)
    a, b = server.ok("POST", "/v1/completions", s), server.ok("POST", "/v1/completions", s)
    assert [c["index"] for c in a["choices"]] == list(range(6))
    assert [c["text"] for c in a["choices"]] == [c["text"] for c in b["choices"]]
    assert len({c["text"] for c in a["choices"]}) > 1  # an untrained model samples widely


def test_completions_stop_and_max_tokens(server):
    out = server.ok("POST", "/v1/completions", {"model": "tiny", "prompt": "A", "max_tokens": 3})
    assert out["choices"][0]["finish_reason"] == "length" and out["usage"]["completion_tokens"] == 3
    long = server.ok("POST", "/v1/completions", {"model": "tiny", "prompt": "Q", "max_tokens": 30,
                                                 "temperature": 1.0, "seed": 1})["choices"][0]
    text = long["text"]
    stop = text[len(text) // 2] if text else "x"
    cut = server.ok("POST", "/v1/completions",
                    {"model": "tiny", "prompt": "Q", "max_tokens": 30, "temperature": 1.0,
                     "seed": 1, "stop": [stop]})["choices"][0]
    assert cut["text"] == text[:text.find(stop)] and cut["finish_reason"] == "stop"


def test_chat_plain_and_stream(server):
    body = {"model": "tiny", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 6}
    out = server.ok("POST", "/v1/chat/completions", body)
    msg = out["choices"][0]["message"]
    assert out["object"] == "chat.completion" and msg["role"] == "assistant"
    req = urllib.request.Request(server.url + "/v1/chat/completions",
                                 data=json.dumps(dict(body, stream=True, stream_options={
                                     "include_usage": True})).encode(), method="POST")
    with urllib.request.urlopen(req) as r:
        assert r.headers["Content-Type"] == "text/event-stream"
        events = [ln[6:] for ln in r.read().decode().split("\n\n") if ln.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"])
    assert text == msg["content"]  # greedy: the stream spells the same answer
    assert chunks[-1]["usage"]["completion_tokens"] == out["usage"]["completion_tokens"]


def test_chat_without_max_tokens_runs_to_a_stop_or_the_context(server):
    # the official client's plainest call sends no max_tokens; a chat answer may then use the
    # rest of the context (tiny: 256 tokens)
    prompt = [{"role": "user", "content": "hi"}]
    out = server.ok("POST", "/v1/chat/completions", {"model": "tiny", "messages": prompt})
    assert out["choices"][0]["finish_reason"] in ("stop", "length")
    assert 0 < out["usage"]["prompt_tokens"] + out["usage"]["completion_tokens"] <= 256
    status, err = server.call("POST", "/v1/chat/completions", {"model": "tiny", "messages": prompt,
                                                               "max_tokens": 0})
    assert status == 400 and err["error"]["param"] == "max_tokens"


def test_score_values_order_and_logprobs(server):
    items = [{"prompt": "Q: 1 + 2\nA:", "completion": " 3"},
             {"prompt": "Tom has 3 apples.", "completion": " He buys 4 more apples and eats 2."},
             {"prompt": "", "completion": "x"}]
    out = server.ok("POST", "/v1/score", {"model": "tiny", "items": items, "logprobs": True})
    assert out["object"] == "list" and [d["index"] for d in out["data"]] == [0, 1, 2]
    d0 = out["data"][0]
    assert d0["tokens"] == 2 and len(d0["token_logprobs"]) == 2
    assert math.isclose(d0["sum_nll"], -sum(d0["token_logprobs"]), rel_tol=1e-6)
    assert math.isclose(d0["mean_nll"], d0["sum_nll"] / 2, rel_tol=1e-6)
    # an untrained model is near uniform over 511 tokens: NLL and entropy near log(511)
    assert 5.0 < d0["mean_nll"] < 7.5 and 5.5 < d0["mean_entropy"] <= math.log(511) + 1e-4
    # ... and torn between its top tokens: the margin p(top1) - p(top2) is a probability gap near 0
    assert all(0.0 <= d["mean_margin"] <= 1.0 for d in out["data"]) and d0["mean_margin"] < 0.05
    # batched scoring equals one-at-a-time scoring (padding does not leak)
    for i, it in enumerate(items):
        one = server.ok("POST", "/v1/score", {"model": "tiny", "items": [it]})["data"][0]
        assert "token_logprobs" not in one
        assert math.isclose(one["sum_nll"], out["data"][i]["sum_nll"], rel_tol=1e-4)


def test_embeddings_float_and_base64(server):
    body = {"model": "tiny", "input": ["3 apples", "Tom has 5 pears and 2 plums"]}
    f = server.ok("POST", "/v1/embeddings", body)
    assert len(f["data"]) == 2 and len(f["data"][0]["embedding"]) == 128
    assert f["usage"]["prompt_tokens"] == f["usage"]["total_tokens"] > 0
    b = server.ok("POST", "/v1/embeddings", dict(body, encoding_format="base64"))
    raw = base64.b64decode(b["data"][1]["embedding"])
    vec = struct.unpack(f"<{len(raw) // 4}f", raw)
    assert all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-6)
               for x, y in zip(vec, f["data"][1]["embedding"]))
