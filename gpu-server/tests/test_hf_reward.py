"""POST /v1/reward on the hf backend with real models: a Yes/No judge (SmolLM2-135M-Instruct, asked
in its own chat template) and a sequence-classification reward model (stories260K's pretrained
backbone with a one-logit head), each checked against transformers directly.

    npm run test:py -- gpu-server/tests/test_hf_reward.py
"""

import os

import torch

from hf_models import smol, stories

ITEMS = [{"prompt": "Question: Tom has 3 apples and gets 4 more. How many apples?\nAnswer:",
          "completion": " 7"},
         {"prompt": "Question: Tom has 3 apples and gets 4 more. How many apples?\nAnswer:",
          "completion": " 12"}]


def test_yes_no_judge_is_log_p_yes_minus_log_p_no_in_the_chat_template(stories_hf_server):
    from transformers import AutoTokenizer
    from hf_models import direct_model
    out = stories_hf_server.ok("POST", "/v1/reward", {"model": smol(), "items": ITEMS})
    assert out["kind"] == "yes-no" and [d["index"] for d in out["data"]] == [0, 1]
    path = smol()
    tok = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    model = direct_model(path)
    for item, row in zip(ITEMS, out["data"]):
        question = item["prompt"] + item["completion"] + "\n\nIs the answer correct? Answer Yes or No."
        text = tok.apply_chat_template([{"role": "user", "content": question}], tokenize=False,
                                       add_generation_prompt=True)
        ids = torch.tensor([tok(text)["input_ids"]])
        with torch.no_grad():
            logp = model(ids).logits[0, -1].log_softmax(-1)
        yes, no = tok("Yes", add_special_tokens=False)["input_ids"], tok("No", add_special_tokens=False)["input_ids"]
        assert len(yes) == len(no) == 1
        assert abs(row["reward"] - (logp[yes[0]] - logp[no[0]]).item()) < 1e-4


def test_sequence_classifier_reward_is_its_logit(stories_hf_server, tmp_path):
    from transformers import AutoTokenizer, LlamaForSequenceClassification
    # the served base's converted folder holds stories260K as float safetensors + tokenizer
    cache = stories_hf_server.ok("GET", "/health")
    assert cache["source"] == "gguf"
    from activesynth_server.hf.model_source import convert_gguf, default_cache
    folder = convert_gguf(stories(), default_cache())
    torch.manual_seed(0)
    clf = LlamaForSequenceClassification.from_pretrained(folder, num_labels=1, dtype=torch.float32)
    tok = AutoTokenizer.from_pretrained(folder)
    tok.pad_token = tok.eos_token
    clf.config.pad_token_id = tok.pad_token_id
    rm = str(tmp_path / "reward-model")
    clf.save_pretrained(rm)
    tok.save_pretrained(rm)
    out = stories_hf_server.ok("POST", "/v1/reward", {"model": rm, "items": ITEMS})
    assert out["kind"] == "classifier"
    clf.eval()
    for item, row in zip(ITEMS, out["data"]):
        enc = tok(item["prompt"] + item["completion"], return_tensors="pt")
        with torch.no_grad():
            want = clf(**enc).logits[0, 0].item()
        assert abs(row["reward"] - want) < 1e-4
    # a classifier with two labels is not a reward model
    clf2 = LlamaForSequenceClassification.from_pretrained(folder, num_labels=2)
    clf2.save_pretrained(str(tmp_path / "two"))
    tok.save_pretrained(str(tmp_path / "two"))
    status, err = stories_hf_server.call("POST", "/v1/reward", {"model": str(tmp_path / "two"), "items": ITEMS})
    assert status == 400 and "num_labels 2" in err["error"]["message"]
