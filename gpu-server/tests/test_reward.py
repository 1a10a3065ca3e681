"""POST /v1/reward against the real tiny server (likelihood stand-in), and the causal-LM judge's
yes/no arithmetic in-process on a tiny model (the hf code path it shares).

    npm run test:py -- gpu-server/tests/test_reward.py
"""

import math

from conftest import arith

# after a few dozen steps the judge knows the answer's form (a number), not yet the sums: the
# wrong answers here are off-form, as a confused student's often are
WRONG = [{"prompt": it["prompt"], "completion": " the apples"} for it in arith(12, seed=9)]
RIGHT = arith(12, seed=9)


def test_reward_shape_and_tiny_stand_in(server):
    items = [{"prompt": "Q: 1 + 2\nA:", "completion": " 3"},
             {"prompt": "Tom has", "completion": " 3 apples."}]
    out = server.ok("POST", "/v1/reward", {"model": "tiny", "items": items})
    assert out["object"] == "list" and out["model"] == "tiny" and out["kind"] == "likelihood"
    assert [d["index"] for d in out["data"]] == [0, 1]
    score = server.ok("POST", "/v1/score", {"model": "tiny", "items": items})["data"]
    for d, s in zip(out["data"], score):  # tiny: reward = -mean NLL under the judge model
        assert math.isclose(d["reward"], -s["mean_nll"], rel_tol=1e-5)


def test_reward_errors_name_the_field(server):
    status, out = server.call("POST", "/v1/reward", {"model": "tiny", "items": []})
    assert status == 400 and out["error"]["param"] == "items"
    status, out = server.call("POST", "/v1/reward", {"model": "tiny",
                                                    "items": [{"prompt": "a", "completion": ""}]})
    assert status == 400 and out["error"]["param"] == "items[0].completion"
    status, out = server.call("POST", "/v1/reward", {"model": "nope",
                                                    "items": [{"prompt": "a", "completion": "b"}]})
    assert status == 404 and out["error"]["param"] == "model"


def test_gold_trained_judge_prefers_right_answers(server):
    fid = server.upload(arith(200, seed=1))["id"]
    job = server.wait_job(server.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": fid, "seed": 1,
        "hyperparameters": {"n_steps": 60, "batch_size": 32}})["id"])
    assert job["status"] == "succeeded", job
    judge = job["fine_tuned_model"]
    right = server.ok("POST", "/v1/reward", {"model": judge, "items": RIGHT})["data"]
    wrong = server.ok("POST", "/v1/reward", {"model": judge, "items": WRONG})["data"]
    mean = lambda rows: sum(r["reward"] for r in rows) / len(rows)  # noqa: E731
    assert mean(right) > mean(wrong) + 1.0
    base = server.ok("POST", "/v1/reward", {"model": "tiny", "items": RIGHT})["data"]
    assert mean(right) > mean(base)  # the judge learned the format; the base did not


def test_yes_no_judge_is_the_log_odds_of_yes():
    import torch
    from activesynth_server import scoring
    from activesynth_server.reward import JUDGE_PROMPT, yes_no_rewards
    from activesynth_server.tiny.backend import TinyBackend

    class Cfg:
        threads, device = 1, "cpu"

    lm = TinyBackend(Cfg()).load_base()
    items = [("Q: 1 + 2\nA:", " 3"), ("Q: 5 + 5\nA:", " 11")]
    got = yes_no_rewards(lm, items, 4096)
    for (p, c), r in zip(items, got):
        ctx = lm.encode_prompt(p + c + JUDGE_PROMPT)
        lp = {}
        for w in (" Yes", " No"):
            ids = torch.tensor([ctx + lm.encode_completion(w)])
            logits, _, _ = lm.forward(ids, torch.ones_like(ids))
            logp = logits[0].log_softmax(-1)
            lp[w] = sum(logp[len(ctx) - 1 + k, t].item()
                        for k, t in enumerate(lm.encode_completion(w)))
        assert math.isclose(r, lp[" Yes"] - lp[" No"], rel_tol=1e-4, abs_tol=1e-4)
    assert scoring  # imported with the judge: the shared batched scorer
