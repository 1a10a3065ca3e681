"""Reward judges the hf backend loads by model id for POST /v1/reward when `model` is not served.

    kind, judge = judges.load(backend, "path/to/reward-model")   # ("classifier" | "yes-no", judge)

A checkpoint whose architecture is *ForSequenceClassification (num_labels 1, a reward model)
becomes a SequenceClassifierJudge (reward = its logit); any other becomes a causal-LM judge, a
LoadedModel that reward.py asks yes/no. Loaded on first use and kept (CACHE judges at most).
"""

import torch

from ..errors import APIError, ConfigError, bad_request
from . import model_source

CACHE = 2


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


def load(backend, model):
    """Loads (once) a judge that is not a served model -> ("classifier" | "yes-no", judge); 404
    naming `model` when it cannot be read, 400 for a classifier that is not a reward model."""
    cache = backend.judges
    if model in cache:
        return cache[model]
    from transformers import AutoConfig
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
    if len(cache) >= CACHE:
        cache.pop(next(iter(cache)))
    cache[model] = judge
    return judge
