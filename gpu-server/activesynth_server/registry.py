"""Model registry: the backend's base model(s) plus every fine-tuned checkpoint on disk.

A checkpoint is a folder <checkpoint-dir>/<job-id>/ with config.json (id, base, root, the job's
config, the model config) and the weights. Checkpoints are found again at start-up, loaded
lazily on first use and kept in a small LRU cache.
"""

import json
import os
import sys
import threading
from collections import OrderedDict

from .errors import not_found

CONFIG = "config.json"


class Registry:
    def __init__(self, backend, checkpoint_dir, cache_size=3):
        self.backend, self.dir, self.cache_size = backend, checkpoint_dir, cache_size
        self.bases = {mid: None for mid in backend.base_ids()}
        self.created = {}
        self.metas = {}
        self.cache = OrderedDict()
        self.lock = threading.RLock()
        self._scanned = set()  # checkpoint folders read (each written whole: jobs.py renames it in place)
        self._scan()

    def _scan(self):
        for name in sorted(os.listdir(self.dir)):
            path = os.path.join(self.dir, name, CONFIG)
            if name in self._scanned or name.startswith(".") or not os.path.isfile(path):
                continue
            self._scanned.add(name)
            try:
                with open(path) as f:
                    meta = json.load(f)
            except (OSError, ValueError) as e:
                print(f"[activesynth] skipping checkpoint {path}: {e}", file=sys.stderr)
                continue
            if meta.get("backend") != self.backend.name or meta.get("root") not in self.bases:
                continue  # made by another backend or for another base model
            self.metas[meta["id"]] = dict(meta, _dir=os.path.join(self.dir, name))

    def load_bases(self):
        """Load the base models now (at start-up, so a bad --model fails before serving)."""
        for mid in self.bases:
            self.get(mid)

    def model_ids(self):
        with self.lock:
            # what servers on the same checkpoint directory wrote since (a run that moved here after
            # its server died finds the checkpoints that server made)
            self._scan()
            fts = sorted(self.metas.values(), key=lambda m: (m.get("created", 0), m["id"]))
            return list(self.bases) + [m["id"] for m in fts]

    def describe(self, mid):
        """OpenAI model object."""
        meta = self.meta(mid)
        if meta is None:
            return {"id": mid, "object": "model", "created": 0, "owned_by": "activesynth",
                    "root": mid, "parent": None}
        return {"id": mid, "object": "model", "created": meta.get("created", 0),
                "owned_by": "activesynth", "root": meta["root"], "parent": meta["base"]}

    def meta(self, mid, param="model"):
        """None for a base model, the checkpoint's config for a fine-tuned one; 404 otherwise."""
        with self.lock:
            if mid in self.bases:
                return None
            if mid in self.metas:
                return self.metas[mid]
            self._scan()  # another server on the same checkpoint directory may have written it
            if mid in self.metas:
                return self.metas[mid]
        raise not_found(f"The model {mid!r} does not exist", param=param, code="model_not_found")

    def root_of(self, mid):
        meta = self.meta(mid)
        return mid if meta is None else meta["root"]

    def add(self, meta, ckpt_dir):
        with self.lock:
            self.metas[meta["id"]] = dict(meta, _dir=ckpt_dir)

    def get(self, mid, param="model"):
        """-> LoadedModel for mid (404 naming `param` if unknown)."""
        with self.lock:
            meta = self.meta(mid, param)
            if meta is None:
                if self.bases[mid] is None:
                    self.bases[mid] = self.backend.load_base(mid)
                return self.bases[mid]
            if mid in self.cache:
                self.cache.move_to_end(mid)
                return self.cache[mid]
            lm = self.backend.load_checkpoint(meta["_dir"], meta)
            self.cache[mid] = lm
            while len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
            return lm

    def loaded(self):
        with self.lock:
            return [m for m, lm in self.bases.items() if lm is not None] + list(self.cache)
