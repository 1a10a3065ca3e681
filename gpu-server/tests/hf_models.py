"""The real pretrained models the hf tests use, and direct transformers computations to check
the server against.

- stories260K (MIT): ../shared/models/stories260K/stories260K.gguf, or $ACTIVESYNTH_SHARED/models/...
- SmolLM2-135M-Instruct (Apache-2.0): .activesynth/models/SmolLM2-135M-Instruct.Q4_1.gguf, or
  $ACTIVESYNTH_MODELS/...; scripts/fetch-models.sh (run by scripts/setup.sh) puts it there.
"""

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.environ.get("ACTIVESYNTH_SHARED") or os.path.join(REPO, "..", "shared")
STORIES = os.path.abspath(os.path.join(SHARED, "models", "stories260K", "stories260K.gguf"))
MODELS = os.environ.get("ACTIVESYNTH_MODELS") or os.path.join(REPO, ".activesynth", "models")
SMOL = os.path.abspath(os.path.join(MODELS, "SmolLM2-135M-Instruct.Q4_1.gguf"))

# llama2.c doc/stories260K.md: greedy decoding from BOS (the file's SOURCE.md checked it in numpy)
STORY = ("Once upon a time, there was a little girl named Lily. She loved to play outside in the "
         "park.")


def need(path, how):
    """The path, or a test failure that says where the model was looked for and how to get it."""
    if not os.path.isfile(path):
        pytest.fail(f"model not found at {path}: {how}", pytrace=False)
    return path


def stories():
    return need(STORIES, "place shared/ next to the repository or set ACTIVESYNTH_SHARED")


def smol():
    return need(SMOL, "run bash scripts/fetch-models.sh (or set ACTIVESYNTH_MODELS)")


def direct_model(path):
    """transformers' own GGUF loading, without the server's conversion (ids outside the
    vocabulary, as stories260K's pad id, set to None as the server does)."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM
    from activesynth_server.hf.model_source import sanitise_ids
    d, name = os.path.dirname(path), os.path.basename(path)
    cfg = sanitise_ids(AutoConfig.from_pretrained(d, gguf_file=name))
    return AutoModelForCausalLM.from_pretrained(d, gguf_file=name, config=cfg,
                                                dtype=torch.float32).eval()


def direct_nll(model, prompt_ids, completion_ids):
    """Mean NLL (nats) of completion_ids after prompt_ids: one full forward, log-softmax."""
    import torch
    ids = torch.tensor([prompt_ids + completion_ids])
    with torch.no_grad():
        logp = model(ids).logits[0].float().log_softmax(-1)
    n = len(prompt_ids)
    return -sum(logp[n + k - 1, t].item() for k, t in enumerate(completion_ids)) / len(completion_ids)
