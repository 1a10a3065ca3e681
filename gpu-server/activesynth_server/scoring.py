"""Scoring (per-item completion NLL and entropy) and embeddings, batched and without gradient.

Items are sorted by length and packed into batches up to a token budget (length buckets), so
little compute goes to padding; results come back in input order. A batch that runs out of GPU
memory is split and retried (oom.split_on_oom).
"""

import torch

from .batching import buckets, pad_right
from .errors import bad_request
from .oom import split_on_oom


def encode_items(lm, items):
    """[(prompt, completion) text] -> [(prompt_ids, completion_ids)] for score(): an empty prompt
    becomes [eos], the prompt is cut from the left to fit the context; 400 naming
    items[i].completion when it has no tokens or is too long alone."""
    out = []
    for i, (p, c) in enumerate(items):
        p_ids, c_ids = lm.encode_prompt(p) or [lm.eos_id], lm.encode_completion(c)
        if not c_ids:
            raise bad_request(f"'items[{i}].completion' has no tokens",
                              param=f"items[{i}].completion")
        if len(c_ids) >= lm.max_len:
            raise bad_request(f"'items[{i}].completion' has {len(c_ids)} tokens; the model's "
                              f"context is {lm.max_len}", param=f"items[{i}].completion",
                              code="context_length_exceeded")
        out.append((p_ids[max(0, len(p_ids) + len(c_ids) - lm.max_len):], c_ids))
    return out


@torch.no_grad()
def score(lm, items, want_logprobs=False, token_budget=16384):
    """items: [(prompt_ids, completion_ids)] with non-empty completions ->
    [{mean_nll, sum_nll, tokens, mean_entropy, mean_margin, token_logprobs?}] in input order.

    mean_nll = mean over completion tokens of -log p(token | everything before it);
    mean_entropy = mean over the same positions of the entropy (nats) of the full
    next-token distribution; mean_margin = mean over them of p(top-1) - p(top-2), the gap between
    the two likeliest next tokens (near 0: torn between two; near 1: sure)."""
    seqs = [p + c for p, c in items]
    results = [None] * len(items)

    def run(batch):
        ids, mask = pad_right([seqs[i] for i in batch], lm.pad_id, lm.device)
        rows, cols, targets = [], [], []
        for b, i in enumerate(batch):
            p_len, n = len(items[i][0]), len(items[i][1])
            for t in range(p_len, p_len + n):
                rows.append(b)
                cols.append(t - 1)
                targets.append(seqs[i][t])
        rows_t = torch.tensor(rows, device=lm.device)
        cols_t = torch.tensor(cols, device=lm.device)
        logp = lm.logits_at(ids, mask, rows_t, cols_t).float().log_softmax(-1)
        tok_lp = logp.gather(1, torch.tensor(targets, device=lm.device)[:, None])[:, 0]
        probs = logp.exp()
        ent = -(probs * logp).sum(-1)
        top2 = probs.topk(2, dim=-1).values
        margin = top2[:, 0] - top2[:, 1]
        tok_lp, ent, margin = tok_lp.cpu().tolist(), ent.cpu().tolist(), margin.cpu().tolist()
        out, k = [], 0
        for i in batch:
            n = len(items[i][1])
            lp, en, mg = tok_lp[k:k + n], ent[k:k + n], margin[k:k + n]
            k += n
            r = {"mean_nll": -sum(lp) / n, "sum_nll": -sum(lp), "tokens": n,
                 "mean_entropy": sum(en) / n, "mean_margin": sum(mg) / n}
            if want_logprobs:
                r["token_logprobs"] = lp
            out.append(r)
        return out

    for group in buckets([len(s) for s in seqs], token_budget):
        for i, r in zip(group, split_on_oom(run, group)):
            results[i] = r
    return results


@torch.no_grad()
def embed(lm, seqs, token_budget=16384):
    """[ids] -> [list of floats]: mean of the final hidden states (before the LM head) over
    each input's tokens."""
    results = [None] * len(seqs)

    def run(batch):
        ids, mask = pad_right([seqs[i] for i in batch], lm.pad_id, lm.device)
        hidden = lm.hidden(ids, mask)
        m = mask[:, :, None].to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1)
        return pooled.float().cpu().tolist()

    for group in buckets([len(s) for s in seqs], token_budget):
        for i, v in zip(group, split_on_oom(run, group)):
            results[i] = v
    return results
