"""Fine-tuning jobs as N processes (--train-processes N > 1), launched by `accelerate launch`.

    trainer = ProcessTrainer(cfg, backend)     # at start-up: checks --accelerate-config
    stats, extra = trainer.run(run_dir, spec, out_dir, on_started, on_progress, should_stop)

The job's inputs go to run_dir/job.json; the launch is

    python -m accelerate.commands.launch --multi_gpu --num_processes N --num_machines 1
        --main_process_port PORT [--config_file F] -m activesynth_server.train_worker RUN_DIR

(`--multi_gpu` is accelerate's torch.distributed launcher; on a CPU the ranks join over gloo).
With a config whose distributed_type is FSDP the launch is the same (`--multi_gpu` wins over the
file's distributed_type, so accelerate's FSDP plugin and its fsdp_config are not used): job.json
says fsdp, and the ranks shard the model themselves with torch's fully_shard (train_worker.py).
The ranks train (train_worker.py); rank 0 reports progress as JSON lines in
run_dir/progress.jsonl, read here while the launcher runs, and writes the checkpoint into out_dir.
A cancelled job terminates the launcher's process group (the ranks watch their launcher and the
server, and exit when either is gone).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time

from .errors import APIError, ConfigError
from .training import Cancelled

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPPORTED = ("MULTI_GPU", "NO", "FSDP")  # accelerate's distributed types the worker does


class TrainFailed(APIError):
    """The ranks failed: the job fails with code training_failed and the log's last lines."""

    def __init__(self, message):
        super().__init__(500, message, code="training_failed")


def check_accelerate_config(path):
    """ConfigError naming --accelerate-config when the file is not an accelerate config, or asks
    for a strategy this worker does not do (DeepSpeed: its engine owns the model, the backward
    and the optimiser; train() does them itself)."""
    import yaml
    try:
        with open(path) as f:
            conf = (json.load(f) if path.endswith(".json") else yaml.safe_load(f)) or {}
    except (OSError, ValueError, yaml.YAMLError) as e:
        raise ConfigError(f"--accelerate-config {path!r} cannot be read: {e}")
    if not isinstance(conf, dict):
        raise ConfigError(f"--accelerate-config {path!r} is not an accelerate config (a mapping)")
    kind = str(conf.get("distributed_type", "NO")).upper()
    if kind not in SUPPORTED:
        raise ConfigError(f"--accelerate-config: distributed_type {kind} is not supported (use "
                          f"MULTI_GPU, each rank holding the whole model, or FSDP, sharded)")
    if conf.get("use_cpu"):
        raise ConfigError("--accelerate-config: use_cpu is not supported (accelerate would launch "
                          "one process; the ranks run on --device, on a CPU over gloo)")
    return conf


class ProcessTrainer:
    def __init__(self, cfg, backend):
        self.cfg, self.n = cfg, cfg.train_processes
        self.device = backend.device.type
        self.fsdp = False
        if cfg.accelerate_config:
            conf = check_accelerate_config(cfg.accelerate_config)
            self.fsdp = str(conf.get("distributed_type", "NO")).upper() == "FSDP"
            if self.fsdp and cfg.backend != "hf":
                raise ConfigError("--accelerate-config: distributed_type FSDP needs --backend hf")
        # on a CPU the server's --threads are shared out over the ranks
        self.threads = max(1, cfg.threads // self.n) if self.device == "cpu" else cfg.threads

    def command(self, run_dir, port):
        cmd = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu",
               "--num_processes", str(self.n), "--num_machines", "1", "--mixed_precision", "no",
               "--dynamo_backend", "no", "--main_process_port", str(port)]
        if self.cfg.accelerate_config:
            cmd += ["--config_file", self.cfg.accelerate_config]
        return cmd + ["-m", "activesynth_server.train_worker", run_dir]

    def run(self, run_dir, spec, out_dir, on_started, on_progress, should_stop):
        """Trains spec's job as N processes -> (stats, extra): train()'s stats and the backend's
        save facts. Raises Cancelled when should_stop(), TrainFailed with the log's tail."""
        from dataclasses import asdict
        os.makedirs(run_dir, exist_ok=True)
        config = {k: v for k, v in asdict(self.cfg).items() if k != "extra"}
        spec = dict(spec, config=config, device=self.device, threads=self.threads,
                    server_pid=os.getpid(), out_dir=out_dir, fsdp=self.fsdp)
        with open(os.path.join(run_dir, "job.json"), "w") as f:
            json.dump(spec, f)
        progress_path = os.path.join(run_dir, "progress.jsonl")
        open(progress_path, "w").close()
        env = dict(os.environ, OMP_NUM_THREADS=str(self.threads),
                   PYTHONPATH=os.pathsep.join(
                       [PACKAGE_PARENT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
        log_path = os.path.join(run_dir, "worker.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen(self.command(run_dir, free_port()), stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT, env=env,
                                    start_new_session=True)
        done, offset, buf = None, 0, ""
        try:
            while True:
                exited = proc.poll() is not None
                with open(progress_path) as f:
                    f.seek(offset)
                    chunk = f.read()
                    offset = f.tell()
                buf += chunk
                *lines, buf = buf.split("\n")
                for line in lines:
                    msg = json.loads(line)
                    if "started" in msg:
                        on_started(msg["started"])
                    elif "progress" in msg:
                        on_progress(*msg["progress"])
                    elif "done" in msg:
                        done = msg
                if exited:
                    break
                if should_stop():
                    raise Cancelled()
                time.sleep(0.1)
        finally:
            if proc.poll() is None:
                stop(proc)
        if proc.returncode != 0 or done is None:
            raise TrainFailed(f"the {self.n} training processes failed (exit status "
                              f"{proc.returncode}): {tail(log_path)}")
        return done["done"], done["extra"]


def stop(proc, grace=10.0):
    """SIGTERM to the launcher's process group (the launcher passes it on to its ranks), SIGKILL
    after grace seconds."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        proc.wait()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tail(path, n=6):
    """The last lines of the ranks' log that say something (the error, usually)."""
    try:
        with open(path, errors="replace") as f:
            lines = [x.rstrip() for x in f if x.strip()]
    except OSError:
        return "(no log)"
    return " | ".join(lines[-n:])[-1500:] or "(empty log)"
