"""Serving: the engine behind the HTTP routes. Turns parsed requests into model work and
OpenAI-shaped responses. One compute lock serialises model work, so a training job (which
takes the lock one step at a time) and requests interleave without racing on the device.
"""

import base64
import struct
import threading
import time
import uuid

from . import generation, reward, scoring
from .errors import bad_request
from .files import FileStore
from .jobs import JobManager
from .registry import Registry


def _usage(prompt, completion):
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


class Engine:
    def __init__(self, cfg, backend):
        self.cfg, self.backend = cfg, backend
        self.lock = threading.Lock()
        cuda = backend.device.type == "cuda"
        cpu_score, cpu_gen = backend.cpu_token_budgets  # tiny is fastest near 4096 for both
        self.budget = cfg.score_token_budget or (32768 if cuda else cpu_score)
        # generation steps one token per row: more rows per batch use each weight read better
        self.gen_budget = cfg.score_token_budget or (65536 if cuda else cpu_gen)
        self.registry = Registry(backend, cfg.checkpoint_dir, cfg.cache_size)
        self.registry.load_bases()
        self.files = FileStore(cfg.checkpoint_dir)
        processes = None
        if cfg.train_processes > 1:
            from .train_processes import ProcessTrainer
            processes = ProcessTrainer(cfg, backend)
        self.jobs = JobManager(backend, self.registry, self.files, self.lock, cfg.checkpoint_dir,
                               processes)

    def health(self):
        import torch
        return {"status": "ok", "backend": self.backend.name, "device": str(self.backend.device),
                "torch": torch.__version__, "models": self.registry.model_ids(),
                "loaded_models": self.registry.loaded(), **self.backend.describe()}

    def models(self):
        return {"object": "list",
                "data": [self.registry.describe(m) for m in self.registry.model_ids()]}

    def model(self, mid):
        self.registry.meta(mid, param="model")
        return self.registry.describe(mid)

    # -- generation ----------------------------------------------------------------------------
    def _encode_prompts(self, lm, prompts, param):
        out = []
        for i, p in enumerate(prompts):
            ids = lm.encode_prompt(p) if isinstance(p, str) else list(p)
            name = param if len(prompts) == 1 else f"{param}[{i}]"
            if len(ids) >= lm.max_len:
                raise bad_request(f"'{name}' has {len(ids)} tokens; the model's context is "
                                  f"{lm.max_len}", param=name, code="context_length_exceeded")
            if any(t < 0 or t >= lm.vocab_size for t in ids):
                raise bad_request(f"'{name}' holds a token id outside the vocabulary", param=name)
            out.append(ids)
        return out

    def _generate(self, lm, prompt_ids, s, stops, on_delta=None):
        expanded = [p for p in prompt_ids for _ in range(s.n)]
        max_tokens = s.max_tokens or min(lm.max_len, 1024)  # chat without max_tokens
        with self.lock:
            return generation.generate(lm, expanded, max_tokens, s.temperature, s.top_p, stops,
                                       s.seed, self.gen_budget, on_delta)

    def completions(self, req):
        lm = self.registry.get(req.model)
        ids = self._encode_prompts(lm, req.prompts, "prompt")
        outs = self._generate(lm, ids, req.sampling, req.sampling.stop)
        choices = [{"index": k, "text": o["text"], "finish_reason": o["finish_reason"],
                    "logprobs": None} for k, o in enumerate(outs)]
        return {"id": "cmpl-" + uuid.uuid4().hex[:24], "object": "text_completion",
                "created": int(time.time()), "model": req.model, "choices": choices,
                "usage": _usage(sum(map(len, ids)), sum(o["tokens"] for o in outs))}

    def chat(self, req, emit=None):
        """Without emit: the chat.completion object. With emit(chunk_dict): streams
        chat.completion.chunk objects through emit and returns None."""
        lm = self.registry.get(req.model)
        ids = self._encode_prompts(lm, [lm.render_chat(req.messages)], "messages")
        s = req.sampling
        stops = list(s.stop) + list(lm.chat_stops)
        cid, created = "chatcmpl-" + uuid.uuid4().hex[:24], int(time.time())
        head = {"id": cid, "object": "chat.completion.chunk", "created": created,
                "model": req.model}
        if emit is None:
            outs = self._generate(lm, ids, s, stops)
            choices = [{"index": k, "message": {"role": "assistant", "content": o["text"]},
                        "finish_reason": o["finish_reason"], "logprobs": None}
                       for k, o in enumerate(outs)]
            return {"id": cid, "object": "chat.completion", "created": created,
                    "model": req.model, "choices": choices,
                    "usage": _usage(len(ids[0]), sum(o["tokens"] for o in outs))}
        for k in range(s.n):
            emit(dict(head, choices=[{"index": k, "delta": {"role": "assistant", "content": ""},
                                      "finish_reason": None, "logprobs": None}]))

        def on_delta(row, text):
            emit(dict(head, choices=[{"index": row, "delta": {"content": text},
                                      "finish_reason": None, "logprobs": None}]))

        outs = self._generate(lm, ids, s, stops, on_delta)
        for k, o in enumerate(outs):
            emit(dict(head, choices=[{"index": k, "delta": {}, "finish_reason": o["finish_reason"],
                                      "logprobs": None}]))
        if s.include_usage:
            emit(dict(head, choices=[], usage=_usage(len(ids[0]),
                                                     sum(o["tokens"] for o in outs))))
        return None

    # -- scoring and embeddings ----------------------------------------------------------------
    def score(self, req):
        lm = self.registry.get(req.model)
        items = scoring.encode_items(lm, req.items)
        with self.lock:
            res = scoring.score(lm, items, req.logprobs, self.budget)
        return {"object": "list", "model": req.model,
                "data": [dict(index=i, **r) for i, r in enumerate(res)]}

    def reward(self, req):
        """/v1/reward: see reward.py (classifier logit, yes/no judge, or tiny's likelihood)."""
        return reward.rewards(self, req)

    def embeddings(self, req):
        lm = self.registry.get(req.model)
        seqs = []
        for i, x in enumerate(req.inputs):
            ids = lm.encode_prompt(x) if isinstance(x, str) else list(x)
            if any(t < 0 or t >= lm.vocab_size for t in ids):
                raise bad_request(f"'input[{i}]' holds a token id outside the vocabulary",
                                  param=f"input[{i}]")
            seqs.append(ids[:lm.max_len])
        with self.lock:
            vecs = scoring.embed(lm, seqs, self.budget)
        n_tok = sum(map(len, seqs))
        data = []
        for i, v in enumerate(vecs):
            emb = v if req.encoding_format == "float" else \
                base64.b64encode(struct.pack(f"<{len(v)}f", *v)).decode("ascii")
            data.append({"object": "embedding", "index": i, "embedding": emb})
        return {"object": "list", "model": req.model, "data": data,
                "usage": {"prompt_tokens": n_tok, "total_tokens": n_tok}}
