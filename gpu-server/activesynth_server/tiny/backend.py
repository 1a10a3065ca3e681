"""TinyBackend: serves the base model `tiny` and checkpoints fine-tuned from it.

    .venv/bin/python gpu-server/serve.py --backend tiny --port 8765

`tiny` is initialised from a fixed seed, so it is the same model on every machine. A checkpoint
holds model.pt (state dict) and config.json with the model config and the tokenizer's word list,
so it keeps working even if words.txt later grows.
"""

import os

import torch

from ..backends.base import Backend, LoadedModel
from .model import TinyGPT, TinyGPTConfig
from .tokenizer import BOS, EOS, PAD, TinyTokenizer

BASE_ID = "tiny"
BASE_SEED = 0
WEIGHTS = "model.pt"

ROLE_NAMES = {"system": "System", "developer": "System", "user": "User",
              "assistant": "Assistant", "tool": "Tool"}


class TinyLM(LoadedModel):
    eos_id, pad_id = EOS, PAD
    chat_stops = ("\nUser:",)

    def __init__(self, model_id, tokenizer, module, device):
        self.id, self.tok, self.module, self.device = model_id, tokenizer, module, device
        self.max_len = module.cfg.block_size
        self.vocab_size = tokenizer.vocab_size

    def encode_prompt(self, text):
        return self.tok.encode(text) or [BOS]  # an empty prompt still predicts its first token

    def encode_completion(self, text):
        return self.tok.encode(text)

    def decode(self, ids):
        return self.tok.decode(ids)

    def forward(self, ids, attention_mask, position_ids=None, past=None, want_hidden=False,
                use_cache=False):
        return self.module(ids, attention_mask, position_ids, past, want_hidden)

    def chat_answer(self, content):
        return content if content.startswith(" ") else " " + content

    def render_chat(self, messages):
        lines = [f"{ROLE_NAMES.get(m['role'], m['role'])}: {m['content']}" for m in messages]
        return "\n".join(lines) + "\nAssistant:"


class TinyBackend(Backend):
    name = "tiny"
    reward_kind = "likelihood"  # a stand-in judge: -mean NLL under the named model (reward.py)

    def base_ids(self):
        return [BASE_ID]

    def describe(self):
        return {"model_config": TinyGPTConfig(vocab_size=TinyTokenizer.default().vocab_size).to_dict()}

    def default_hparams(self):
        return {"n_epochs": 20, "batch_size": 32, "learning_rate": 3e-3}

    def _build(self, model_id, tok, mcfg, state=None):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(BASE_SEED)
            module = TinyGPT(mcfg)
        if state is not None:
            module.load_state_dict(state)
        module.to(self.device).eval()
        return TinyLM(model_id, tok, module, self.device)

    def load_base(self, model_id=BASE_ID):
        tok = TinyTokenizer.default()
        return self._build(model_id, tok, TinyGPTConfig(vocab_size=tok.vocab_size))

    def load_checkpoint(self, ckpt_dir, meta):
        tok = TinyTokenizer(meta["tokenizer"]["words"])
        mcfg = TinyGPTConfig(**meta["model_config"])
        state = torch.load(os.path.join(ckpt_dir, WEIGHTS), map_location="cpu")
        return self._build(meta["id"], tok, mcfg, state)

    def trainable(self, base_id, ckpt_dir=None, meta=None):
        lm = self.load_checkpoint(ckpt_dir, meta) if meta else self.load_base(base_id)
        lm.module.train()
        return lm

    def save(self, lm, ckpt_dir):
        torch.save(lm.module.state_dict(), os.path.join(ckpt_dir, WEIGHTS))
        return {"model_config": lm.module.cfg.to_dict(), "tokenizer": {"words": lm.tok.words},
                "weights": WEIGHTS}
