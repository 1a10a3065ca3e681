"""Fine-tuning jobs: created by POST /v1/fine_tuning/jobs, run one at a time by a background
worker thread, persisted under <checkpoint-dir>/.jobs so they are still listed after a restart.

Life of a job: validating_files -> queued -> running -> succeeded | failed | cancelled.
A finished job's checkpoint is written to <checkpoint-dir>/<job-id>/ and registered, so its
`fine_tuned_model` is usable as `model` at once. A failing job never takes the server down.
"""

import json
import os
import queue
import shutil
import sys
import threading
import time
import traceback
import uuid

from .errors import APIError, bad_request, not_found
from .files import parse_training_jsonl, to_pairs
from .training import Cancelled, TrainHParams, build_examples, train

FINAL = ("succeeded", "failed", "cancelled")


class JobManager:
    def __init__(self, backend, registry, files, compute_lock, checkpoint_dir, processes=None):
        self.backend, self.registry, self.files = backend, registry, files
        self.processes = processes  # a train_processes.ProcessTrainer (--train-processes N > 1)
        self.compute_lock, self.root = compute_lock, checkpoint_dir
        self.dir = os.path.join(checkpoint_dir, ".jobs")
        os.makedirs(self.dir, exist_ok=True)
        self.jobs, self.events, self.cancel_flags = {}, {}, set()
        self.lock = threading.Lock()
        self.queue = queue.Queue()
        self._load()
        threading.Thread(target=self._worker, name="finetune-worker", daemon=True).start()

    # -- persistence ---------------------------------------------------------------------------
    def _load(self):
        for name in sorted(os.listdir(self.dir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(self.dir, name)) as f:
                rec = json.load(f)
            job, events = rec["job"], rec["events"]
            self.jobs[job["id"]], self.events[job["id"]] = job, events
            if job["status"] not in FINAL:  # the server stopped while it waited or ran
                self._finish(job["id"], "failed", error={
                    "message": "the server restarted before the job finished",
                    "code": "server_restarted", "param": None})

    def _save(self, jid):
        tmp = os.path.join(self.dir, jid + ".json.tmp")
        with open(tmp, "w") as f:
            json.dump({"job": self.jobs[jid], "events": self.events[jid]}, f, default=str)
        os.replace(tmp, os.path.join(self.dir, jid + ".json"))

    def _event(self, jid, message, level="info", data=None):
        with self.lock:
            evs = self.events[jid]
            evs.append({"object": "fine_tuning.job.event", "id": f"ftevent-{jid[6:]}-{len(evs)}",
                        "created_at": int(time.time()), "level": level, "message": message,
                        "type": "metrics" if data else "message", "data": data or {}})
            self._save(jid)

    def _update(self, jid, **fields):
        with self.lock:
            self.jobs[jid].update(fields)
            self._save(jid)

    def _finish(self, jid, status, error=None, **fields):
        self._update(jid, status=status, error=error, finished_at=int(time.time()), **fields)
        self._event(jid, {"succeeded": "The job has successfully completed",
                          "cancelled": "The job was cancelled"}.get(
                          status, f"The job failed: {(error or {}).get('message')}"),
                    level="error" if status == "failed" else "info")

    # -- API -----------------------------------------------------------------------------------
    def create(self, req):
        """req: protocol.FineTuneRequest -> job object (queued, or failed on a bad file)."""
        self.registry.meta(req.model)  # 404 naming `model` if unknown
        data = self.files.content(req.training_file, param="training_file")
        self.backend.check_can_train()
        defaults = self.backend.default_hparams()
        given = req.hyperparameters.given()
        hp = {k: given.get(k) or v for k, v in defaults.items()}
        if given.get("learning_rate") is None:
            hp["learning_rate"] = defaults["learning_rate"] * given.get(
                "learning_rate_multiplier", 1.0)
        if given.get("n_steps"):
            hp["n_steps"] = given["n_steps"]
        jid = "ftjob-" + uuid.uuid4().hex[:24]
        job = {"id": jid, "object": "fine_tuning.job", "model": req.model,
               "created_at": int(time.time()), "finished_at": None, "fine_tuned_model": None,
               "organization_id": "activesynth", "result_files": [], "status": "validating_files",
               "validation_file": None, "training_file": req.training_file,
               "hyperparameters": hp, "trained_tokens": None, "error": None, "seed": req.seed,
               "suffix": req.suffix, "estimated_finish": None, "integrations": [],
               "method": {"type": "supervised"}}
        with self.lock:
            self.jobs[jid], self.events[jid] = job, []
        self._event(jid, f"Validating training file: {req.training_file}")
        try:
            records = parse_training_jsonl(data)
        except ValueError as e:
            self._finish(jid, "failed", error={"message": f"training_file {req.training_file}: {e}",
                                                "code": "invalid_training_file",
                                                "param": "training_file"})
            return self.get(jid)
        self._update(jid, status="queued")
        self._event(jid, "Fine-tuning job queued")
        self.queue.put((jid, records))
        return self.get(jid)

    def get(self, jid):
        with self.lock:
            if jid not in self.jobs:
                raise not_found(f"No fine-tuning job {jid!r}", param="fine_tuning_job_id",
                                code="job_not_found")
            return dict(self.jobs[jid])

    def list(self):
        with self.lock:
            return sorted((dict(j) for j in self.jobs.values()),
                          key=lambda j: (-j["created_at"], j["id"]))

    def list_events(self, jid):
        """Newest first, as OpenAI lists them."""
        self.get(jid)
        with self.lock:
            return list(reversed(self.events[jid]))

    def cancel(self, jid):
        job = self.get(jid)
        if job["status"] in FINAL:
            raise bad_request(f"Job {jid} has already {job['status']} and cannot be cancelled",
                              param="fine_tuning_job_id", code="job_not_cancellable")
        with self.lock:
            self.cancel_flags.add(jid)
        if job["status"] in ("validating_files", "queued"):
            self._finish(jid, "cancelled")
        else:
            self._update(jid, status="cancelled")  # the worker stops at the next step
        return self.get(jid)

    # -- worker --------------------------------------------------------------------------------
    def _worker(self):
        while True:
            jid, records = self.queue.get()
            if jid in self.cancel_flags:
                continue
            try:
                self._run(jid, records)
            except Cancelled:
                self._finish(jid, "cancelled")
            except APIError as e:
                self._finish(jid, "failed", error={"message": e.message, "code": e.code,
                                                    "param": e.param})
            except Exception as e:  # noqa: BLE001 - a job's bug must not stop the worker
                traceback.print_exc(file=sys.stderr)
                self._finish(jid, "failed", error={"message": f"{type(e).__name__}: {e}",
                                                    "code": "training_failed", "param": None})

    def _run(self, jid, records):
        job = self.get(jid)
        self._update(jid, status="running")
        parent = self.registry.meta(job["model"])
        root = self.registry.root_of(job["model"])

        def started(n_examples):
            self._event(jid, f"Fine-tuning started: {n_examples} examples, seed {job['seed']}")

        def progress(step, total, loss, tps, tokens):
            self._event(jid, f"Step {step}/{total}: training loss={loss:.4f}",
                        data={"step": step, "total_steps": total, "train_loss": loss,
                              "tokens_per_second": tps, "tokens": tokens})

        should_stop = lambda: jid in self.cancel_flags  # noqa: E731
        final_dir = os.path.join(self.root, jid)
        tmp_dir = final_dir + ".tmp"
        if self.processes is not None:  # N ranks through accelerate; rank 0 writes tmp_dir
            shutil.rmtree(tmp_dir, ignore_errors=True)
            os.makedirs(tmp_dir)
            run_dir = os.path.join(self.dir, jid + ".run")
            spec = {"root": root, "parent": parent, "records": records,
                    "hyperparameters": job["hyperparameters"], "seed": job["seed"]}
            try:
                stats, extra = self.processes.run(run_dir, spec, tmp_dir, started, progress,
                                                  should_stop)
                if should_stop():
                    raise Cancelled()
            except BaseException:
                shutil.rmtree(tmp_dir, ignore_errors=True)
                raise
            os.remove(os.path.join(run_dir, "job.json"))  # kept: progress.jsonl, worker.log
        else:
            import torch
            with torch.random.fork_rng(devices=[]):  # a new LoRA adapter's weights: from the seed
                torch.manual_seed(job["seed"])
                lm = self.backend.trainable(root, parent and parent["_dir"], parent)
            examples = build_examples(lm, to_pairs(lm, records))
            started(len(examples))
            stats = train(lm, examples, TrainHParams(**job["hyperparameters"]), job["seed"],
                          on_progress=progress, should_stop=should_stop, lock=self.compute_lock,
                          autocast=self.backend.train_autocast)
        if jid in self.cancel_flags:  # cancelled during the last step
            raise Cancelled()
        short = os.path.basename(root.rstrip("/")).replace(":", "-") or "model"
        short = short[:-5] if short.lower().endswith(".gguf") else short
        model_id = f"ft:{short}:{job['suffix'] or 'as'}:{jid}"
        if self.processes is None:
            shutil.rmtree(tmp_dir, ignore_errors=True)
            os.makedirs(tmp_dir)
            with self.compute_lock:
                extra = self.backend.save(lm, tmp_dir)
        meta = {"id": model_id, "object": "model", "backend": self.backend.name,
                "base": job["model"], "root": root, "created": int(time.time()),
                "job": {k: job[k] for k in ("id", "training_file", "hyperparameters", "seed",
                                            "suffix")},
                "trained_tokens": stats["trained_tokens"], "final_loss": stats["loss"], **extra}
        with open(os.path.join(tmp_dir, "config.json"), "w") as f:
            json.dump(meta, f, indent=1, default=str)
        os.replace(tmp_dir, final_dir)
        self.registry.add(meta, final_dir)
        self._event(jid, f"New fine-tuned model created: {model_id}")
        self._finish(jid, "succeeded", fine_tuned_model=model_id,
                     trained_tokens=stats["trained_tokens"])
