"""HFBackend: serves a transformers causal LM and checkpoints fine-tuned from it.

    pip install -r gpu-server/requirements-hf.txt
    /usr/bin/python3 gpu-server/serve.py --backend hf --model Qwen/Qwen2.5-0.5B --device cuda

LoRA via peft by default (--full-finetune trains every weight); bf16 on a GPU that supports it.
A LoRA checkpoint stores the adapter (adapter/) and the folder of the weights it sits on; a full
checkpoint stores the model and tokenizer (model/). Written for transformers >= 4.40 and
peft >= 0.10; imported only when --backend hf is chosen.
"""

import os
import sys

import torch

from ..backends import pick_device
from ..backends.base import LoadedModel
from ..errors import ConfigError, missing_package


def _peft():
    try:
        import peft
        return peft
    except ImportError:
        raise missing_package("peft", "LoRA fine-tuning (the default; --full-finetune does not)")


class HFLM(LoadedModel):
    def __init__(self, model_id, module, tok, device, weights_from):
        self.id, self.module, self.tok, self.device = model_id, module, tok, device
        self.weights_from = weights_from  # folder/name of the weights a LoRA adapter sits on
        cfg = getattr(module, "config", None)
        self.max_len = int(min(getattr(cfg, "max_position_embeddings", None) or 2048, 1 << 16))
        self.vocab_size = module.get_input_embeddings().num_embeddings
        self.eos_id = tok.eos_token_id if tok.eos_token_id is not None else 0
        self.pad_id = tok.pad_token_id if tok.pad_token_id is not None else self.eos_id
        gen_eos = getattr(getattr(module, "generation_config", None), "eos_token_id", None)
        gen_eos = gen_eos if isinstance(gen_eos, list) else [gen_eos]
        self.stop_ids = {self.eos_id} | {t for t in gen_eos if t is not None}

    def encode_prompt(self, text):
        return self.tok(text, add_special_tokens=True)["input_ids"]

    def encode_completion(self, text):
        return self.tok(text, add_special_tokens=False)["input_ids"]

    def decode(self, ids):
        return self.tok.decode(ids, skip_special_tokens=True)

    def forward(self, ids, attention_mask, position_ids=None, past=None, want_hidden=False,
                use_cache=False):
        out = self.module(input_ids=ids, attention_mask=attention_mask, position_ids=position_ids,
                          past_key_values=past, use_cache=use_cache,
                          output_hidden_states=want_hidden)
        hidden = out.hidden_states[-1] if want_hidden else None
        return out.logits, hidden, (out.past_key_values if use_cache else None)

    def render_chat(self, messages):
        if getattr(self.tok, "chat_template", None):
            text = self.tok.apply_chat_template(messages, tokenize=False,
                                                add_generation_prompt=True)
            bos = self.tok.bos_token
            return text[len(bos):] if bos and text.startswith(bos) else text  # encode adds it
        lines = [f"{m['role'].capitalize()}: {m['content']}" for m in messages]
        return "\n".join(lines) + "\nAssistant:"

    def chat_answer(self, content):
        if getattr(self.tok, "chat_template", None):
            return content
        return content if content.startswith(" ") else " " + content

    @property
    def chat_stops(self):
        return () if getattr(self.tok, "chat_template", None) else ("\nUser:",)


class HFBackend:
    name = "hf"

    def __init__(self, cfg):
        import transformers
        self.cfg, self.transformers = cfg, transformers
        torch.set_num_threads(cfg.threads)
        self.device = pick_device(cfg)
        if cfg.dtype == "auto":
            bf16 = self.device.type == "cuda" and torch.cuda.is_bf16_supported()
            self.dtype = torch.bfloat16 if bf16 else torch.float32
        else:
            self.dtype = getattr(torch, cfg.dtype)
        self.finetune = "lora" if cfg.lora else "full"

    def base_ids(self):
        return [self.cfg.model]

    def describe(self):
        try:
            peft_version = __import__("peft").__version__
        except ImportError:
            peft_version = None
        return {"model": self.cfg.model, "dtype": str(self.dtype).replace("torch.", ""),
                "finetune": self.finetune, "transformers": self.transformers.__version__,
                "peft": peft_version}

    def default_hparams(self):
        lr = 2e-4 if self.finetune == "lora" else 2e-5
        return {"n_epochs": 3, "batch_size": 8, "learning_rate": lr}

    def check_can_train(self):
        if self.finetune == "lora":
            _peft()

    def _load(self, where, flag_on_error=False):
        from transformers import AutoModelForCausalLM, AutoTokenizer
        try:
            tok = AutoTokenizer.from_pretrained(where)
            model = AutoModelForCausalLM.from_pretrained(where, torch_dtype=self.dtype)
        except (OSError, ValueError) as e:
            if flag_on_error:
                raise ConfigError(f"--model {where!r} cannot be loaded by transformers: {e}")
            raise
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        return model.to(self.device), tok

    def load_base(self, model_id):
        model, tok = self._load(model_id, flag_on_error=True)
        model.eval()
        print(f"[activesynth] loaded {model_id} ({sum(p.numel() for p in model.parameters())} "
              f"parameters, {self.dtype})", file=sys.stderr)
        return HFLM(model_id, model, tok, self.device, model_id)

    def load_checkpoint(self, ckpt_dir, meta):
        if meta["finetune"] == "full":
            model, tok = self._load(os.path.join(ckpt_dir, "model"))
            return HFLM(meta["id"], model.eval(), tok, self.device, os.path.join(ckpt_dir, "model"))
        model, tok = self._load_adapter(ckpt_dir, meta)
        model = model.merge_and_unload().eval()
        return HFLM(meta["id"], model, tok, self.device, meta["weights_from"])

    def _load_adapter(self, ckpt_dir, meta, **kw):
        """A LoRA checkpoint's adapter on the weights it sits on -> (PeftModel, tokenizer)."""
        peft = _peft()
        base, tok = self._load(meta["weights_from"])
        return peft.PeftModel.from_pretrained(base, os.path.join(ckpt_dir, "adapter"), **kw), tok

    def trainable(self, root, ckpt_dir=None, meta=None):
        """A fresh copy to train: LoRA (new adapter, or the parent's adapter made trainable) or
        all weights, starting from the base model or from the parent checkpoint."""
        if self.finetune == "full":
            where = os.path.join(ckpt_dir, "model") if meta and meta["finetune"] == "full" else None
            if meta and meta["finetune"] == "lora":
                lm = self.load_checkpoint(ckpt_dir, meta)  # merged weights
                model, tok = lm.module, lm.tok
            else:
                model, tok = self._load(where or root)
            model.train()
            return HFLM("training", model, tok, self.device, where or root)
        peft = _peft()
        if meta and meta["finetune"] == "lora":
            model, tok = self._load_adapter(ckpt_dir, meta, is_trainable=True)
            weights_from = meta["weights_from"]
        else:
            weights_from = os.path.join(ckpt_dir, "model") if meta else root
            base, tok = self._load(weights_from)
            lcfg = peft.LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, bias="none",
                                   task_type="CAUSAL_LM", target_modules="all-linear")
            model = peft.get_peft_model(base, lcfg)
        model.train()
        return HFLM("training", model, tok, self.device, weights_from)

    def save(self, lm, ckpt_dir):
        if self.finetune == "lora":
            lm.module.save_pretrained(os.path.join(ckpt_dir, "adapter"))
            return {"finetune": "lora", "weights_from": lm.weights_from,
                    "model_config": lm.module.config.to_dict() if hasattr(lm.module, "config")
                    else {}}
        lm.module.save_pretrained(os.path.join(ckpt_dir, "model"))
        lm.tok.save_pretrained(os.path.join(ckpt_dir, "model"))
        return {"finetune": "full", "model_config": lm.module.config.to_dict()}
