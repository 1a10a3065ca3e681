"""Fine-tuning loop shared by the backends: answer-only loss, AdamW, warmup + cosine decay,
gradient clipping, deterministic data order for a fixed seed.

The training sequence of an example is prompt + completion + eos; the loss is the mean
cross-entropy over the completion tokens and eos only. The length of training is counted in
optimiser steps (n_steps, else n_epochs over the data), never in wall-clock time. A step that
runs out of GPU memory is redone as twice as many micro-batches (same gradient).

Across processes (--train-processes N, train_worker.py): every rank draws the same order and the
same global batch, computes the loss of its share (rows[rank::N]) over the global batch's label
count, and the gradients are summed across ranks (DataParallel below), so a step is the
one-process step up to the order of float sums. With an FSDP accelerate config the hf model is
sharded instead (shard_model below: torch's fully_shard, each rank holding 1/N of the weights,
gradients and optimiser state); FSDP's reduce-scatter sums the gradients (FSDPSharded).
"""

import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from .batching import pad_right
from .oom import free_memory, is_oom

IGNORE = -100


class Cancelled(Exception):
    pass


@dataclass
class TrainHParams:
    n_epochs: int
    batch_size: int
    learning_rate: float
    n_steps: int = 0          # total optimiser steps; wins over n_epochs when > 0
    warmup_steps: int = -1    # -1: min(100, 10% of the steps)
    weight_decay: float = 0.01
    grad_clip: float = 1.0


def build_examples(lm, pairs):
    """[(prompt, completion)] -> [(ids, labels)], prompt tokens masked out of the labels.
    Too-long examples lose the start of their prompt (the answer is what is trained)."""
    out = []
    for prompt, completion in pairs:
        p = lm.encode_prompt(prompt)
        c = lm.encode_completion(completion) + [lm.eos_id]
        c = c[:lm.max_len - 1]
        p = p[max(0, len(p) - (lm.max_len - len(c))):]
        out.append((p + c, [IGNORE] * len(p) + c))
    return out


def lr_at(step, total, hp):
    warm = hp.warmup_steps if hp.warmup_steps >= 0 else min(100, total // 10)
    if step < warm:
        return hp.learning_rate * (step + 1) / warm
    frac = (step - warm) / max(1, total - warm)
    return hp.learning_rate * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))


def total_steps(n_examples, hp):
    per_epoch = math.ceil(n_examples / hp.batch_size)
    return hp.n_steps if hp.n_steps > 0 else hp.n_epochs * per_epoch


def _loss_sum(lm, rows):
    """Summed cross-entropy of the labelled tokens; logits only where a label follows."""
    ids, mask = pad_right([r[0] for r in rows], lm.pad_id, lm.device)
    labels, _ = pad_right([r[1] for r in rows], IGNORE, lm.device)
    where = (labels[:, 1:] != IGNORE).nonzero()
    logits = lm.logits_at(ids, mask, where[:, 0], where[:, 1])
    return F.cross_entropy(logits.float(), labels[where[:, 0], where[:, 1] + 1], reduction="sum")


def _forward_loss(lm, rows, autocast):
    """_loss_sum, under torch.autocast in that dtype when given (mixed precision: the weights and
    the gradients keep their own dtype)."""
    if autocast is None:
        return _loss_sum(lm, rows)
    with torch.autocast(device_type=lm.device.type, dtype=autocast):
        return _loss_sum(lm, rows)


class DataParallel:
    """Data parallelism over torch.distributed (gloo on CPU, nccl on GPUs), every rank holding the
    whole model: share() is this rank's rows of a global batch; reduce() sums the gradients and
    the loss over the ranks in one all-reduce (a parameter no rank computed a gradient for keeps
    None, as in one process, so AdamW skips it there too)."""

    def __init__(self, rank, world):
        self.rank, self.world = rank, world

    def share(self, rows):
        return rows[self.rank::self.world]

    def reduce(self, params, loss):
        import torch.distributed as dist
        has = [p.grad is not None for p in params]
        dev = params[0].device
        flat = torch.cat([p.grad.reshape(-1).float() if h else torch.zeros(p.numel(), device=dev)
                          for p, h in zip(params, has)]
                         + [torch.tensor(has + [loss], dtype=torch.float32, device=dev)])
        dist.all_reduce(flat)
        k = 0
        for p in params:
            n = p.numel()
            p.grad = flat[k:k + n].view_as(p).to(p.dtype).clone()
            k += n
        for p, n_had in zip(params, flat[k:k + len(params)].tolist()):
            if n_had == 0:
                p.grad = None
        return flat[-1].item()


class FSDPSharded(DataParallel):
    """As DataParallel, for a model sharded by shard_model: the gradients are summed (and left
    sharded) by FSDP's reduce-scatter during backward, so reduce() sums only the loss."""

    def reduce(self, params, loss):
        import torch.distributed as dist
        t = torch.tensor([loss], dtype=torch.float32)
        dist.all_reduce(t)
        return t.item()


def shard_model(lm):
    """Shards an hf model (HFLM) over the process group with torch's fully_shard (FSDP2): one
    unit per decoder layer (the model's _no_split_modules), then the decoder and an untied LM head
    (or, for a tied head, the whole model, its logits then taken from the full forward). The
    gradients are summed over the ranks, not averaged (the loss is already over the global
    batch), with SUM collectives only (gloo has no PREMUL_SUM). -> the units."""
    from torch.distributed.fsdp import fully_shard
    inner = lm.inner
    names = set(getattr(inner, "_no_split_modules", None) or [])
    units = [m for m in inner.modules() if type(m).__name__ in names]
    if not units:
        raise RuntimeError(f"FSDP: {type(inner).__name__} names no decoder layer class "
                           f"(_no_split_modules) to shard by")
    for m in units:
        fully_shard(m)
    head = inner.get_output_embeddings()
    tied = head is not None and head.weight is inner.get_input_embeddings().weight
    if lm.plain_head and not tied:
        roots = [inner.base_model, head]
    else:
        roots = [lm.module]
        lm.plain_head = False  # through the root's forward, where its weights are gathered
    for m in roots:
        fully_shard(m)
    for m in units + roots:
        m.set_gradient_divide_factor(1.0)
        m.set_force_sum_reduction_for_comms(True)
    return units + roots


def _step(lm, params, opt, rows, hp, autocast=None, dist=None):
    """One optimiser step over rows (the global batch; with dist, this rank's share of it); on
    OOM retried with more micro-batches. -> mean loss."""
    n_label = sum(sum(1 for t in r[1][1:] if t != IGNORE) for r in rows)
    if dist is not None:
        rows = dist.share(rows)
    micro = 1
    while True:
        opt.zero_grad(set_to_none=True)
        try:
            total = 0.0
            size = math.ceil(len(rows) / micro)
            for k in range(0, len(rows), size):
                loss = _forward_loss(lm, rows[k:k + size], autocast) / max(1, n_label)
                loss.backward()
                total += loss.item()
            break
        except Exception as e:  # noqa: BLE001
            if not is_oom(e) or micro >= len(rows):
                raise
            opt.zero_grad(set_to_none=True)
            free_memory()
            micro *= 2
    if dist is not None:
        total = dist.reduce(params, total)
    if hp.grad_clip > 0:
        torch.nn.utils.clip_grad_norm_(params, hp.grad_clip)
    opt.step()
    return total


def train(lm, examples, hp, seed, on_progress=None, should_stop=None, lock=None, log_every=None,
          autocast=None, dist=None):
    """Train lm.module in place. on_progress(step, total, loss, tokens_per_s, tokens) (tokens
    trained since the last call, at that rate) is called every
    log_every steps and at the end; should_stop() -> True raises Cancelled between steps; lock
    (held one step at a time) lets inference requests interleave; autocast (a torch dtype, the
    server's --train-dtype) runs the forward passes in mixed precision; dist (a DataParallel) trains
this rank's share of each global batch, the gradients summed over the ranks (tokens and losses
count the global batch). -> {steps, trained_tokens, loss}."""
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    order_gen = torch.Generator().manual_seed(seed)
    params = [p for p in lm.module.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": hp.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=hp.learning_rate, betas=(0.9, 0.95))
    steps = total_steps(len(examples), hp)
    log_every = log_every or max(1, steps // 50)
    lm.module.train()
    per_epoch = math.ceil(len(examples) / hp.batch_size)
    perm, trained, loss = [], 0, float("nan")
    t0, tok_window = time.perf_counter(), 0
    for step in range(steps):
        if should_stop is not None and should_stop():
            raise Cancelled()
        j = step % per_epoch
        if j == 0:
            perm = torch.randperm(len(examples), generator=order_gen).tolist()
        batch = [examples[i] for i in perm[j * hp.batch_size:(j + 1) * hp.batch_size]]
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, hp)
        if lock is not None:
            with lock:
                loss = _step(lm, params, opt, batch, hp, autocast, dist)
        else:
            loss = _step(lm, params, opt, batch, hp, autocast, dist)
        n_tok = sum(len(r[0]) for r in batch)
        trained += n_tok
        tok_window += n_tok
        if on_progress is not None and ((step + 1) % log_every == 0 or step + 1 == steps):
            dt = time.perf_counter() - t0
            on_progress(step + 1, steps, loss, tok_window / dt if dt > 0 else 0.0, tok_window)
            t0, tok_window = time.perf_counter(), 0
    lm.module.eval()
    return {"steps": steps, "trained_tokens": trained, "loss": loss}
