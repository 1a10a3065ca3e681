"""Reward scoring for the `reward` criterion: POST /v1/reward.

    curl -s localhost:8765/v1/reward -d '{"model":"tiny","items":[{"prompt":"Q: 2 + 3\nA:","completion":" 5"}]}'

A reward says how good a completion (the student's answer) is for its prompt; higher is better.
Three kinds of judge, picked by `model`:

- a sequence-classification checkpoint (hf backend; AutoModelForSequenceClassification with
  num_labels == 1, e.g. a reward model): reward = its logit for prompt + completion;
- a causal-LM judge (hf backend, any other transformers checkpoint, or a model this server
  already serves): reward = log p(" Yes") - log p(" No") after the fixed JUDGE_PROMPT;
- tiny backend (no transformers): reward = -mean NLL of the completion under the named model,
  a likelihood-based stand-in. Name a tiny checkpoint trained on gold answers and it prefers
  answers that look like the gold ones.

Judges that are not served models (hf only) are loaded on first use and kept (JUDGE_CACHE).
"""

import torch

from . import scoring
from .errors import APIError, ConfigError, bad_request
from .hf import model_source

JUDGE_PROMPT = "\n\nIs the answer correct? Answer Yes or No.\nAnswer:"
JUDGE_CACHE = 2


def likelihood_rewards(lm, items, token_budget):
    """tiny stand-in: -mean NLL of each completion under lm. items: [(prompt, completion)]."""
    res = scoring.score(lm, scoring.encode_items(lm, items), False, token_budget)
    return [-r["mean_nll"] for r in res]


def judge_context(lm, prompt, completion):
    """-> (context text, yes text, no text). A model with a chat template is asked in a user turn
    and answers "Yes"/"No" as the assistant; a plain LM continues JUDGE_PROMPT with " Yes"/" No"."""
    if getattr(getattr(lm, "tok", None), "chat_template", None):
        question = prompt + completion + JUDGE_PROMPT.rsplit("\n", 1)[0]
        return lm.render_chat([{"role": "user", "content": question}]), "Yes", "No"
    return prompt + completion + JUDGE_PROMPT, " Yes", " No"


def yes_no_rewards(lm, items, token_budget):
    """Causal-LM judge: log p(Yes) - log p(No) after the judge context (judge_context), each
    word's log-probability summed over its tokens (one token in most BPE vocabularies).
    Works with any LoadedModel; the context is cut from the left to fit."""
    pairs = []
    for p, c in items:
        text, yes_text, no_text = judge_context(lm, p, c)
        yes, no = lm.encode_completion(yes_text), lm.encode_completion(no_text)
        ctx = lm.encode_prompt(text)
        keep = lm.max_len - max(len(yes), len(no))
        pairs += [(ctx[-keep:], yes), (ctx[-keep:], no)]
    res = scoring.score(lm, pairs, False, token_budget)
    return [res[2 * i + 1]["sum_nll"] - res[2 * i]["sum_nll"] for i in range(len(items))]


class SequenceClassifierJudge:
    """A reward model (AutoModelForSequenceClassification, num_labels 1): reward = logit."""

    def __init__(self, where, device, dtype):
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        self.tok = AutoTokenizer.from_pretrained(where)
        if self.tok.pad_token is None:
            self.tok.pad_token = self.tok.eos_token
        self.module = AutoModelForSequenceClassification.from_pretrained(where, dtype=dtype)
        self.module.config.pad_token_id = self.tok.pad_token_id
        self.module.to(device).eval()
        self.device = device

    @torch.no_grad()
    def rewards(self, items, batch_size=8):
        out = []
        for s in range(0, len(items), batch_size):
            texts = [p + c for p, c in items[s:s + batch_size]]
            enc = self.tok(texts, return_tensors="pt", padding=True, truncation=True).to(self.device)
            out.extend(self.module(**enc).logits[:, 0].float().cpu().tolist())
        return out


def _hf_judge(engine, model):
    """Loads (once) a judge that is not a served model -> ("classifier" | "yes-no", judge)."""
    cache = engine.__dict__.setdefault("reward_judges", {})
    if model in cache:
        return cache[model]
    from transformers import AutoConfig
    backend = engine.backend
    try:
        folder = model_source.resolve(model, flag="model").folder(backend.cache_root)
        cfg = AutoConfig.from_pretrained(folder)
    except (ConfigError, OSError, ValueError) as e:
        raise APIError(404, f"The reward model {model!r} is neither served nor loadable: {e}",
                       param="model", code="model_not_found")
    archs = getattr(cfg, "architectures", None) or []
    if any(a.endswith("ForSequenceClassification") for a in archs):
        if getattr(cfg, "num_labels", 1) != 1:
            raise bad_request(f"the reward model {model!r} has num_labels {cfg.num_labels}; "
                              "a reward model has 1", param="model")
        judge = ("classifier", SequenceClassifierJudge(folder, backend.device, backend.dtype))
    else:
        try:
            judge = ("yes-no", backend.load_base(model))
        except ConfigError as e:
            raise bad_request(str(e), param="model")
    if len(cache) >= JUDGE_CACHE:
        cache.pop(next(iter(cache)))
    cache[model] = judge
    return judge


def rewards(engine, req):
    """-> {object: "list", model, data: [{index, reward}]} for a parsed RewardRequest."""
    backend = engine.backend
    served = req.model in engine.registry.model_ids()
    with engine.lock:
        if backend.name == "tiny":  # registry.get: 404 naming `model` when it is not served
            values = likelihood_rewards(engine.registry.get(req.model), req.items, engine.budget)
            kind = "likelihood"
        elif served:
            values = yes_no_rewards(engine.registry.get(req.model), req.items, engine.budget)
            kind = "yes-no"
        else:
            kind, judge = _hf_judge(engine, req.model)
            values = judge.rewards(req.items) if kind == "classifier" else \
                yes_no_rewards(judge, req.items, engine.budget)
    return {"object": "list", "model": req.model, "kind": kind,
            "data": [{"index": i, "reward": v} for i, v in enumerate(values)]}
