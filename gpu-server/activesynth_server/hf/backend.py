"""HFBackend: serves a transformers causal LM and checkpoints fine-tuned from it.

    .venv/bin/python gpu-server/serve.py --backend hf --model .activesynth/models/SmolLM2-135M-Instruct.Q4_1.gguf
    .venv/bin/python gpu-server/serve.py --backend hf --model Qwen/Qwen2.5-0.5B-Instruct --device cuda

`--model` is a local .gguf file, a local HF folder or a hub name (model_source.py). LoRA via peft
by default (--full-finetune trains every weight); bf16 on a GPU that supports it, float32 on CPU.
A LoRA checkpoint stores the adapter (adapter/) and the model id of the weights it sits on; a
full checkpoint stores the model and tokenizer (model/). Needs transformers >= 5 and peft.
"""

import copy
import inspect
import os
import sys
import warnings

import torch

from ..backends.base import Backend, LoadedModel
from ..errors import ConfigError, missing_package
from . import judges, model_source


def _peft():
    try:
        import peft
        return peft
    except ImportError:
        raise missing_package("peft", "LoRA fine-tuning (the default; --full-finetune does not)")


def _has_plain_head(module):
    """True when logits = lm_head(final hidden) with nothing after it (no soft-capping or
    scaling), so the head can run on chosen positions only."""
    cfg = getattr(module, "config", None)
    extra = any(getattr(cfg, k, None) not in (None, 1, 1.0)
                for k in ("final_logit_softcapping", "logit_scale", "logits_scaling"))
    return (not extra and hasattr(module, "base_model") and module.base_model is not module
            and module.get_output_embeddings() is not None)


class HFLM(LoadedModel):
    def __init__(self, model_id, module, tok, device, weights_from, gen_dtype=None):
        self.id, self.module, self.tok, self.device = model_id, module, tok, device
        self.gen_dtype, self._gen = gen_dtype, None
        self.weights_from = weights_from  # model id (or folder) of the weights a LoRA adapter sits on
        cfg = getattr(module, "config", None)
        self.max_len = int(min(getattr(cfg, "max_position_embeddings", None) or 2048, 1 << 16))
        self.vocab_size = module.get_input_embeddings().num_embeddings
        self.eos_id = tok.eos_token_id if tok.eos_token_id is not None else 0
        self.pad_id = tok.pad_token_id if tok.pad_token_id is not None else self.eos_id
        gen_eos = getattr(getattr(module, "generation_config", None), "eos_token_id", None)
        gen_eos = gen_eos if isinstance(gen_eos, list) else [gen_eos]
        self.stop_ids = {self.eos_id} | {t for t in gen_eos if t is not None}
        # a PeftModel wraps the causal LM; its LoRA layers sit inside the same decoder
        self.inner = module.get_base_model() if hasattr(module, "get_base_model") else module
        self.plain_head = _has_plain_head(self.inner)
        # transformers 5.2x renamed past_key_values to cache; earlier 5.x only know the old name
        params = inspect.signature(type(self.inner).forward).parameters
        self.cache_kw = "cache" if "cache" in params else "past_key_values"
        self.keep_kw = "logits_to_keep" in params

    def encode_prompt(self, text):
        return self.tok(text, add_special_tokens=True)["input_ids"]

    def encode_completion(self, text):
        return self.tok(text, add_special_tokens=False)["input_ids"]

    def decode(self, ids):
        return self.tok.decode(ids, skip_special_tokens=True)

    def forward(self, ids, attention_mask, position_ids=None, past=None, want_hidden=False,
                use_cache=False):
        kw = {self.cache_kw: past} if past is not None else {}
        if use_cache and self.keep_kw:
            kw["logits_to_keep"] = 1  # generation reads the last position only (prefill: 1 of T)
        out = self.module(input_ids=ids, attention_mask=attention_mask, position_ids=position_ids,
                          use_cache=use_cache, output_hidden_states=want_hidden, **kw)
        hidden = out.hidden_states[-1] if want_hidden else None
        new_past = getattr(out, self.cache_kw, None) if use_cache else None
        return out.logits, hidden, new_past

    def for_generation(self):
        """A copy of the weights in gen_dtype, made on first use and kept (a served model's
        weights never change), when gen_dtype differs from the weights' dtype."""
        if self.gen_dtype is None or self.gen_dtype == next(self.module.parameters()).dtype:
            return self
        if self._gen is None:
            module = copy.deepcopy(self.module).to(self.gen_dtype).eval()
            self._gen = HFLM(self.id, module, self.tok, self.device, self.weights_from)
        return self._gen

    def select_rows(self, past, rows):
        past.batch_select_indices(rows)  # transformers' Cache, in place
        return past

    def hidden(self, ids, attention_mask):
        if not self.plain_head:
            return super().hidden(ids, attention_mask)
        return self.inner.base_model(input_ids=ids, attention_mask=attention_mask,
                                     use_cache=False).last_hidden_state

    def logits_at(self, ids, attention_mask, rows, cols):
        if not self.plain_head:
            return super().logits_at(ids, attention_mask, rows, cols)
        h = self.hidden(ids, attention_mask)
        return self.inner.get_output_embeddings()(h[rows, cols])

    def render_chat(self, messages):
        if self.chat_template:
            text = self.tok.apply_chat_template(messages, tokenize=False,
                                                add_generation_prompt=True)
            bos = self.tok.bos_token
            add_bos = self.tok("", add_special_tokens=True)["input_ids"]  # what encode adds
            if bos and add_bos and text.startswith(bos):
                text = text[len(bos):]
            return text
        lines = [f"{m['role'].capitalize()}: {m['content']}" for m in messages]
        return "\n".join(lines) + "\nAssistant:"

    def chat_answer(self, content):
        if self.chat_template:
            return content
        return content if content.startswith(" ") else " " + content

    @property
    def chat_template(self):
        return bool(getattr(self.tok, "chat_template", None))

    @property
    def chat_stops(self):
        return () if self.chat_template else ("\nUser:",)


class HFBackend(Backend):
    name = "hf"
    # a CPU is compute-bound: big scoring batches only spill the cache (SmolLM2-135M on one core:
    # 292 tok/s at 256 tokens a batch, 231 at 2048); generation steps one token per row
    cpu_token_budgets = (512, 16384)

    def __init__(self, cfg):
        import transformers
        transformers.utils.logging.set_verbosity_error()  # logs go to stderr; no progress bars
        transformers.utils.logging.disable_progress_bar()
        warnings.filterwarnings("ignore", category=FutureWarning)  # deprecations inside peft
        self.transformers = transformers
        if int(transformers.__version__.split(".")[0]) < 5:
            raise ConfigError(f"--backend hf needs transformers >= 5 (found "
                              f"{transformers.__version__}); bash scripts/setup.sh installs it")
        super().__init__(cfg)
        if cfg.dtype == "auto":
            bf16 = self.device.type == "cuda" and torch.cuda.is_bf16_supported()
            self.dtype = torch.bfloat16 if bf16 else torch.float32
        else:
            self.dtype = getattr(torch, cfg.dtype)
        self.gen_dtype = getattr(torch, cfg.gen_dtype) if cfg.gen_dtype else None
        self.train_autocast = getattr(torch, cfg.train_dtype) if cfg.train_dtype else None
        self.finetune = "lora" if cfg.lora else "full"
        self.cache_root = cfg.model_cache or model_source.default_cache()
        self.source = model_source.resolve(cfg.model)
        self.base = None  # the loaded base model: LoRA jobs and checkpoints start from a copy
        self.judges = {}  # reward judges that are not served models: {model id: (kind, judge)}

    def base_ids(self):
        return [self.cfg.model]

    def describe(self):
        try:
            peft_version = __import__("peft").__version__
        except ImportError:
            peft_version = None
        return {"model": self.cfg.model, "source": self.source.kind,
                "dtype": str(self.dtype).replace("torch.", ""),
                "gen_dtype": str(self.gen_dtype or self.dtype).replace("torch.", ""),
                "train_dtype": str(self.train_autocast or self.dtype).replace("torch.", ""),
                "finetune": self.finetune,
                "transformers": self.transformers.__version__, "peft": peft_version}

    def default_hparams(self):
        lr = 2e-4 if self.finetune == "lora" else 2e-5
        return {"n_epochs": 3, "batch_size": 8, "learning_rate": lr}

    def check_can_train(self):
        if self.finetune == "lora":
            _peft()

    def reward_judge(self, model_id, registry):
        """A served model judges yes/no; any other checkpoint is loaded once (hf/judges.py)."""
        if model_id in registry.model_ids():
            return super().reward_judge(model_id, registry)
        return judges.load(self, model_id)

    def _load(self, where, flag="--model"):
        """model id or folder -> (module on the device, tokenizer); ConfigError naming flag."""
        from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
        if where == self.cfg.model and self.base is not None:
            return copy.deepcopy(self.base.module), self.base.tok
        src = self.source if where == self.cfg.model else model_source.resolve(where, flag)
        folder = src.folder(self.cache_root)
        try:
            mcfg = AutoConfig.from_pretrained(folder)
            model_source.check_fits(mcfg, self.dtype, self.device, where, flag)
            tok = AutoTokenizer.from_pretrained(folder)
            model = AutoModelForCausalLM.from_pretrained(folder, dtype=self.dtype)
        except (OSError, ValueError, KeyError) as e:
            raise ConfigError(f"{flag} {where!r} cannot be loaded by transformers: {e}")
        if tok.pad_token is None:
            tok.pad_token = tok.eos_token
        return model.to(self.device), tok

    def load_base(self, model_id):
        model, tok = self._load(model_id)
        model.eval()
        n = sum(p.numel() for p in model.parameters())
        print(f"[activesynth] loaded {model_id} ({n:,} parameters, {self.dtype}, "
              f"{self.source.kind if model_id == self.cfg.model else 'judge'})", file=sys.stderr)
        lm = HFLM(model_id, model, tok, self.device, model_id, self.gen_dtype)
        if model_id == self.cfg.model:
            self.base = lm
            if self.finetune == "lora":
                check_lora_targets(model, self.cfg.lora_targets)
        return lm

    def load_checkpoint(self, ckpt_dir, meta):
        if meta["finetune"] == "full":
            model, tok = self._load(os.path.join(ckpt_dir, "model"))
            return HFLM(meta["id"], model.eval(), tok, self.device, os.path.join(ckpt_dir, "model"),
                        self.gen_dtype)
        model, tok = self._load_adapter(ckpt_dir, meta)
        model = model.merge_and_unload().eval()
        return HFLM(meta["id"], model, tok, self.device, meta["weights_from"], self.gen_dtype)

    def _load_adapter(self, ckpt_dir, meta, **kw):
        """A LoRA checkpoint's adapter on the weights it sits on -> (PeftModel, tokenizer)."""
        peft = _peft()
        base, tok = self._load(meta["weights_from"])
        return peft.PeftModel.from_pretrained(base, os.path.join(ckpt_dir, "adapter"), **kw), tok

    def lora_config(self):
        peft = _peft()
        c = self.cfg
        targets = "all-linear" if c.lora_targets == "all-linear" else c.lora_targets.split(",")
        return peft.LoraConfig(r=c.lora_r, lora_alpha=c.lora_alpha, lora_dropout=0.0, bias="none",
                               task_type="CAUSAL_LM", target_modules=targets)

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
            # a merged LoRA checkpoint keeps peft's frozen flags on its weights: train them all
            for p in model.parameters():
                p.requires_grad_(True)
            model.train()
            return HFLM("training", model, tok, self.device, where or root)
        peft = _peft()
        if meta and meta["finetune"] == "lora":
            model, tok = self._load_adapter(ckpt_dir, meta, is_trainable=True)
            weights_from = meta["weights_from"]
        else:
            weights_from = os.path.join(ckpt_dir, "model") if meta else root
            base, tok = self._load(weights_from)
            model = peft.get_peft_model(base, self.lora_config())
        model.train()
        return HFLM("training", model, tok, self.device, weights_from)

    def save(self, lm, ckpt_dir):
        if self.finetune == "lora":
            lm.module.save_pretrained(os.path.join(ckpt_dir, "adapter"))
            return {"finetune": "lora", "weights_from": lm.weights_from,
                    "lora": {"r": self.cfg.lora_r, "alpha": self.cfg.lora_alpha,
                             "targets": self.cfg.lora_targets}}
        lm.module.save_pretrained(os.path.join(ckpt_dir, "model"))
        lm.tok.save_pretrained(os.path.join(ckpt_dir, "model"))
        return {"finetune": "full", "model_config": lm.module.config.to_dict()}


def check_lora_targets(module, targets):
    """ConfigError naming --lora-targets when a target names no linear layer of the model."""
    if targets == "all-linear":
        return
    names = sorted({n.rsplit(".", 1)[-1] for n, m in module.named_modules()
                    if isinstance(m, torch.nn.Linear)})
    missing = [t for t in targets.split(",") if t not in names]
    if missing:
        raise ConfigError(f"--lora-targets: {', '.join(repr(t) for t in missing)} "
                          f"{'is' if len(missing) == 1 else 'are'} not a linear layer of this model "
                          f"(its linear layers: {', '.join(names)}; or all-linear)")
