"""The tiny model: a small decoder-only transformer in plain torch (nanoGPT-like).

    .venv/bin/python -c "from activesynth_server.tiny.model import *; \
        m = TinyGPT(TinyGPTConfig(vocab_size=511)); print(sum(p.numel() for p in m.parameters()))"

Pre-LayerNorm blocks, learned positions, tied input/output embeddings, no dropout (so training
is deterministic on CPU for a fixed seed). Attention uses torch's scaled_dot_product_attention
when present (torch 2.x) and the plain softmax formula otherwise (torch 1.13). forward() takes
an attention mask and position ids, so left-padded batches and a KV cache work as with HF models.
"""

import math
from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

_SDPA = getattr(F, "scaled_dot_product_attention", None)


@dataclass
class TinyGPTConfig:
    vocab_size: int = 511
    """Tokenizer size (words.txt decides it)."""
    block_size: int = 256
    """Context length: learned positions 0..block_size-1."""
    n_layer: int = 2
    n_head: int = 4
    n_embd: int = 128

    def to_dict(self):
        return asdict(self)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.qkv = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.proj = nn.Linear(cfg.n_embd, cfg.n_embd)

    def forward(self, x, mask, past=None):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        if _SDPA is not None:
            y = _SDPA(q, k, v, attn_mask=mask)
        else:
            att = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
            att = att.masked_fill(~mask, float("-inf")).softmax(dim=-1)
            y = att @ v
        return self.proj(y.transpose(1, 2).reshape(B, T, C)), (k, v)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(cfg.n_embd), nn.LayerNorm(cfg.n_embd)
        self.attn = Attention(cfg)
        self.mlp = nn.Sequential(nn.Linear(cfg.n_embd, 4 * cfg.n_embd), nn.GELU(),
                                 nn.Linear(4 * cfg.n_embd, cfg.n_embd))

    def forward(self, x, mask, past=None):
        a, kv = self.attn(self.ln1(x), mask, past)
        x = x + a
        return x + self.mlp(self.ln2(x)), kv


def build_mask(attention_mask, q_len):
    """Bool (B,1,Q,S): query i (the last q_len of S positions) sees valid keys at or before it.
    Each position always sees itself, so rows of padding never softmax over nothing."""
    B, S = attention_mask.shape
    valid = attention_mask.bool()[:, None, None, :]
    q_pos = torch.arange(S - q_len, S, device=attention_mask.device)[:, None]
    k_pos = torch.arange(S, device=attention_mask.device)[None, :]
    causal = (k_pos <= q_pos)[None, None]
    return (causal & valid) | (k_pos == q_pos)[None, None]


class TinyGPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.block_size, cfg.n_embd)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("proj.weight") or name.endswith("mlp.2.weight"):
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def forward(self, idx, attention_mask=None, position_ids=None, past=None, want_hidden=False):
        """idx (B,T) -> (logits (B,T,V), hidden (B,T,C) or None, new past).
        attention_mask (B, past_len + T) marks real tokens; position_ids (B,T) default 0..T-1."""
        B, T = idx.shape
        past_len = past[0][0].size(2) if past else 0
        if attention_mask is None:
            attention_mask = torch.ones(B, past_len + T, dtype=torch.long, device=idx.device)
        if position_ids is None:
            position_ids = torch.arange(past_len, past_len + T, device=idx.device).expand(B, T)
        mask = build_mask(attention_mask, T)
        x = self.wte(idx) + self.wpe(position_ids.clamp(0, self.cfg.block_size - 1))
        new_past = []
        for i, blk in enumerate(self.blocks):
            x, kv = blk(x, mask, past[i] if past else None)
            new_past.append(kv)
        h = self.ln_f(x)
        logits = h @ self.wte.weight.t()
        return logits, (h if want_hidden else None), new_past
