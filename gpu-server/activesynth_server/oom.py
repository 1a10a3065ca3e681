"""Out-of-memory handling: a batch that runs out of GPU memory is split and retried, not failed.

torch.cuda.OutOfMemoryError exists from torch 1.13 on some builds only, so it is looked up
with getattr; a RuntimeError saying "out of memory" counts too (older builds, other devices).
"""

import sys

import torch


def is_oom(exc):
    cls = getattr(torch.cuda, "OutOfMemoryError", None)
    if cls is not None and isinstance(exc, cls):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()


def free_memory():
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def split_on_oom(fn, batch):
    """fn(list) -> list of results, one per element. On OOM the batch is halved and each half
    retried (recursively); only a batch of one that still runs out of memory raises."""
    try:
        return fn(batch)
    except Exception as e:  # noqa: BLE001 - re-raised unless it is an OOM we can split
        if not is_oom(e) or len(batch) <= 1:
            raise
    free_memory()
    half = len(batch) // 2
    print(f"[activesynth] out of memory on a batch of {len(batch)}; retrying as {half} + "
          f"{len(batch) - half}", file=sys.stderr, flush=True)
    return split_on_oom(fn, batch[:half]) + split_on_oom(fn, batch[half:])
